import Foundation
import Hummingbird
import SMSCore
import Storage
import SandboxStore

extension ConexteoAccountAPI {
    /// `POST /subaccounts {name, email, password?}`: 201 with the sub-account and its `api_key`
    /// (`subAccountWithCredentials` [I]); 409 when the email is taken. The key is shown once and
    /// not stored: the sandbox authenticates only its own account key.
    func createSubAccount(_ request: Request) async -> Response {
        var request = request
        let json = try? await request.jsonBody()
        var problems: [String] = []
        let name = json?["name"]?.string?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if name.isEmpty { problems.append("name should not be empty") }
        let email = json?["email"]?.string?.trimmingCharacters(in: .whitespaces) ?? ""
        if email.isEmpty {
            problems.append("email should not be empty")
        } else if !Self.looksLikeEmail(email) {
            problems.append("email must be an email (got \(email))")
        }
        if let password = json?["password"], password != .null, password.string == nil {
            problems.append("password must be a string")
        }
        guard problems.isEmpty else { return ConexteoReply.badRequest(problems) }
        do throws(StorageError) {
            switch try await store.createSandboxSubAccount(
                name: name, email: email, creditMode: Self.defaultCreditMode, at: clock.now())
            {
            case .created(let account):
                return .json(201, ConexteoAccountJSON.subAccount(account, apiKey: SandboxIDs.make("cx_sub_", 32)))
            case .emailTaken(let existing):
                return ConexteoReply.conflict("Sub-account \(existing.id ?? 0) already uses the email \(email)")
            }
        } catch {
            return ConexteoReply.storeFailed(error.message)
        }
    }

    /// `GET /subaccounts/all`: every sub-account in one array [I].
    func allSubAccounts() async -> Response {
        do throws(StorageError) {
            return .json(200, .array(try await store.sandboxSubAccounts().map { ConexteoAccountJSON.subAccount($0) }))
        } catch {
            return ConexteoReply.storeFailed(error.message)
        }
    }

    /// `GET /subaccounts?page&limit`: `{items, meta}` [I].
    func pageOfSubAccounts(_ request: Request) async -> Response {
        let pagination: ConexteoPagination
        do throws(ConexteoSend.Invalid) { pagination = try ConexteoPagination(request) } catch {
            return ConexteoReply.badRequest(error.messages)
        }
        do throws(StorageError) {
            let total = try await store.sandboxSubAccountCount()
            let rows = try await store.sandboxSubAccounts(offset: pagination.offset, limit: pagination.limit)
            return .json(200, pagination.body(rows.map { ConexteoAccountJSON.subAccount($0) }, total: total))
        } catch {
            return ConexteoReply.storeFailed(error.message)
        }
    }

    /// `GET /subaccounts/:id` [I].
    func readSubAccount(_ rawID: String?) async -> Response {
        let id: Int64
        switch ConexteoAPI.pathID(rawID, "sub-account") {
        case .success(let value): id = value
        case .failure(let error): return ConexteoReply.badRequest(error.messages)
        }
        do throws(StorageError) {
            guard let account = try await store.sandboxSubAccount(id: id) else {
                return ConexteoReply.unknownID("Sub-account \(id) does not exist")
            }
            return .json(200, ConexteoAccountJSON.subAccount(account))
        } catch {
            return ConexteoReply.storeFailed(error.message)
        }
    }

    /// `POST /subaccounts/:id/credits {credits}` (from the parent: 402 when it lacks them) and
    /// `POST /subaccounts/:id/credits/remove {credits}` (back to the parent: 400 when the
    /// sub-account holds fewer). 201 with the sub-account after the move [I].
    func moveCredits(
        _ rawID: String?, _ operation: SandboxConexteoSubAccountCreditMove.Operation, _ request: Request
    ) async -> Response {
        var request = request
        let id: Int64
        switch ConexteoAPI.pathID(rawID, "sub-account") {
        case .success(let value): id = value
        case .failure(let error): return ConexteoReply.badRequest(error.messages)
        }
        let field = (try? await request.jsonBody())?["credits"]
        guard let credits = field?.int, credits > 0 else {
            let got = field.map { String(decoding: $0.bytes, as: UTF8.self) } ?? "nothing"
            return ConexteoReply.badRequest(["credits must be a positive integer (got \(got))"])
        }
        do throws(StorageError) {
            switch try await store.moveSandboxSubAccountCredits(
                id: id, operation, credits: credits, parentAccount: ConexteoAPI.account,
                startingBalance: ConexteoAPI.startingCredits, at: clock.now())
            {
            case .moved(let account, _):
                return .json(201, ConexteoAccountJSON.subAccount(account))
            case .notFound:
                return ConexteoReply.unknownID("Sub-account \(id) does not exist")
            case .parentLacksCredits(let available):
                return ConexteoReply.paymentRequired(required: credits, available: available)
            case .subAccountLacksCredits(let available):
                return ConexteoReply.badRequest([
                    "credits: sub-account \(id) holds \(available) credit(s), so \(credits) cannot be removed"
                ])
            }
        } catch {
            return ConexteoReply.storeFailed(error.message)
        }
    }

    /// `PUT /subaccounts/:id/credit-mode {mode: "shared" | "dedicated"}`: the sub-account [I].
    /// The sandbox records the mode; as sub-accounts send nothing here, it changes no balance.
    func setCreditMode(_ rawID: String?, _ request: Request) async -> Response {
        var request = request
        let id: Int64
        switch ConexteoAPI.pathID(rawID, "sub-account") {
        case .success(let value): id = value
        case .failure(let error): return ConexteoReply.badRequest(error.messages)
        }
        let mode = (try? await request.jsonBody())?["mode"]?.string
        guard let mode, Self.creditModes.contains(mode) else {
            return ConexteoReply.badRequest([
                "mode must be one of the following values: \(Self.creditModes.joined(separator: ", ")) (got \(mode ?? "nothing"))"
            ])
        }
        do throws(StorageError) {
            guard let account = try await store.setSandboxSubAccountCreditMode(id: id, mode: mode) else {
                return ConexteoReply.unknownID("Sub-account \(id) does not exist")
            }
            return .json(200, ConexteoAccountJSON.subAccount(account))
        } catch {
            return ConexteoReply.storeFailed(error.message)
        }
    }

    /// `GET /subaccounts/:id/credits/history`: every move, oldest first [I].
    func creditHistory(_ rawID: String?) async -> Response {
        let id: Int64
        switch ConexteoAPI.pathID(rawID, "sub-account") {
        case .success(let value): id = value
        case .failure(let error): return ConexteoReply.badRequest(error.messages)
        }
        do throws(StorageError) {
            guard let moves = try await store.sandboxSubAccountCreditHistory(id: id) else {
                return ConexteoReply.unknownID("Sub-account \(id) does not exist")
            }
            return .json(200, .array(moves.map(ConexteoAccountJSON.creditMove)))
        } catch {
            return ConexteoReply.storeFailed(error.message)
        }
    }

    /// Something, `@`, something with a dot: the check a class-validator `IsEmail` would refuse at least.
    static func looksLikeEmail(_ text: String) -> Bool {
        let pieces = text.split(separator: "@", omittingEmptySubsequences: false)
        return pieces.count == 2 && !pieces[0].isEmpty && pieces[1].contains(".") && !pieces[1].hasPrefix(".")
            && !pieces[1].hasSuffix(".") && !text.contains(where: \.isWhitespace)
    }
}
