import SandboxStore
import Foundation
import Hummingbird
import SMSCore
import Storage

/// Conexteo's account operations as the sandbox serves them under `/conexteo`: the email/password
/// login and the sub-accounts, which need its JWT (seed: "For advanced operations (sub-account
/// management), a JWT token is required"). Every path and shape here is inferred [I]: the seed
/// names the operations, and the backend's NestJS operation ids suggest its conventions.
///
/// A type apart from ``ConexteoAPI`` because it holds the login credentials and the signing key,
/// which the key-authenticated routes have no use for.
struct ConexteoAccountAPI: Sendable {
    let store: any SandboxStorage
    let clock: any TimeSource
    /// The one login the sandbox accepts.
    let email: String
    let password: String
    /// Signs and checks tokens with a key of this server's own.
    let jwt: ConexteoJWT

    /// The credit mode a new sub-account gets [I].
    static let defaultCreditMode = "dedicated"
    /// The modes `PUT /subaccounts/:id/credit-mode` accepts [I].
    static let creditModes = ["shared", "dedicated"]

    /// Adds the routes under `/conexteo`.
    func addRoutes(to router: Router<SandboxRequestContext>) {
        let group = router.group("conexteo")
        group.post("auth/login") { request, _ in await login(request) }
        group.post("subaccounts") { request, _ in await withSession(request) { await createSubAccount($0) } }
        group.get("subaccounts/all") { request, _ in await withSession(request) { _ in await allSubAccounts() } }
        group.get("subaccounts") { request, _ in await withSession(request) { await pageOfSubAccounts($0) } }
        group.get("subaccounts/:id") { request, context in
            await withSession(request) { _ in await readSubAccount(context.parameters.get("id")) }
        }
        group.post("subaccounts/:id/credits") { request, context in
            await withSession(request) { await moveCredits(context.parameters.get("id"), .add, $0) }
        }
        group.post("subaccounts/:id/credits/remove") { request, context in
            await withSession(request) { await moveCredits(context.parameters.get("id"), .remove, $0) }
        }
        group.put("subaccounts/:id/credit-mode") { request, context in
            await withSession(request) { await setCreditMode(context.parameters.get("id"), $0) }
        }
        group.get("subaccounts/:id/credits/history") { request, context in
            await withSession(request) { _ in await creditHistory(context.parameters.get("id")) }
        }
    }

    /// `POST /auth/login {email, password}`: `{access_token, token_type: "Bearer", expires_in}`
    /// [I: NestJS/passport-jwt]; 401 for wrong credentials, which are never echoed.
    func login(_ request: Request) async -> Response {
        var request = request
        let json = try? await request.jsonBody()
        var problems: [String] = []
        let givenEmail = json?["email"]?.string
        let givenPassword = json?["password"]?.string
        if givenEmail?.isEmpty ?? true { problems.append("email should not be empty") }
        if givenPassword?.isEmpty ?? true { problems.append("password should not be empty") }
        guard problems.isEmpty, let givenEmail, let givenPassword else { return ConexteoReply.badRequest(problems) }
        guard givenEmail.lowercased() == email.lowercased(), givenPassword == password else {
            return Self.refused("Invalid email or password")
        }
        return .json(
            200,
            .object([
                "access_token": .string(jwt.sign(subject: email, now: clock.now())), "token_type": .string("Bearer"),
                "expires_in": .int(ConexteoJWT.lifetime),
            ]))
    }

    /// Runs `route` when the request carries a valid token in `Authorization: Bearer <jwt>`.
    func withSession(_ request: Request, _ route: (Request) async -> Response) async -> Response {
        guard let authorization = request.header("Authorization"), authorization.lowercased().hasPrefix("bearer ") else {
            return Self.refused("a JWT is required: send Authorization: Bearer <access_token> from POST /auth/login")
        }
        let token = authorization.dropFirst("bearer ".count).trimmingCharacters(in: .whitespaces)
        do throws(ConexteoJWT.Refusal) {
            _ = try jwt.verify(token, now: clock.now())
        } catch {
            // The token itself is never echoed.
            return Self.refused("\(error.reason): log in again with POST /auth/login")
        }
        return await route(request)
    }

    /// 401 in NestJS's shape, saying why [I].
    static func refused(_ message: String) -> Response {
        .json(401, .object(["statusCode": .int(401), "message": .string(message), "error": .string("Unauthorized")]))
    }
}
