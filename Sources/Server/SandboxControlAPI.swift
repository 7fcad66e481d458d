import Hummingbird
import Store

/// The sandbox's own controls under `/_sandbox`: fault injection and credit balances.
struct SandboxControlAPI: Sendable {
    let store: Store
    let faults: FaultQueue

    /// Adds the routes under `/_sandbox`.
    func addRoutes(to router: Router<SandboxRequestContext>) {
        let group = router.group("_sandbox")
        group.post("faults") { request, _ in await addFault(request) }
        group.get("faults") { _, _ in
            Response.json(200, .object(["faults": .array(faults.pending.map(\.json))]))
        }
        group.delete("faults") { _, _ in
            Response.json(200, .object(["cleared": .int(faults.clear())]))
        }
        group.put("conexteo/credits") { request, _ in await setCredits(request) }
    }

    private func addFault(_ request: Request) async -> Response {
        var request = request
        do {
            let fault = try SandboxFault.parse(try await request.jsonBody())
            faults.add(fault)
            return .json(201, .object(["queued": fault.json]))
        } catch let error as SandboxServerError {
            return Self.error(400, error)
        } catch {
            return Self.error(400, .badFault("the body could not be read: \(error)"))
        }
    }

    private func setCredits(_ request: Request) async -> Response {
        var request = request
        guard let credits = (try? await request.jsonBody())?["credits"]?.int, credits >= 0 else {
            return Self.error(
                400, SandboxServerError(code: "bad_credits", message: "send {\"credits\": N} with N a whole number ≥ 0"))
        }
        do throws(StoreError) {
            try await store.setSandboxCredits(account: ConexteoAPI.account, balance: credits)
            return .json(200, .object(["credits": .int(credits)]))
        } catch {
            return Self.error(500, SandboxServerError(code: error.code, message: error.message))
        }
    }

    private static func error(_ status: Int, _ error: SandboxServerError) -> Response {
        .json(status, .object(["error": .object(["code": .string(error.code), "message": .string(error.message)])]))
    }
}
