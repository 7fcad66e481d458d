import LuaKit
import Providers

extension Bindings {
    /// `http.request{...}`, `http.get(url [, opts])`, `http.post(url, body_or_table [, opts])`:
    /// the calling coroutine waits while the call runs, so other handlers go on. An answer of any
    /// status is a table; no answer is `nil, err`. Inside a flow they raise: `flow:http` is the
    /// journaled, retried form.
    func httpFunctions() -> [String: LuaFunction] {
        let client = services.http
        func function(_ name: String, _ read: @escaping @Sendable (LuaCall) throws -> OutboundRequest) -> LuaFunction {
            LuaFunction { call in
                guard FlowExecution.current == nil else {
                    throw LuaCallError(
                        "http.\(name) cannot be used inside a flow: a flow is replayed after a restart and would call again; "
                            + "use flow:http{...}, which is journaled and retried with one Idempotency-Key")
                }
                let request = try read(call)
                return try call.suspend {
                    do throws(OutboundHTTPError) {
                        return [try await client.perform(request).luaValue]
                    } catch {
                        throw error.failure
                    }
                }
            }
        }
        return [
            "request": function("request") { try OutboundRequest.request($0, 1, function: "http.request") },
            "get": function("get", OutboundRequest.get),
            "post": function("post", OutboundRequest.post),
        ]
    }
}
