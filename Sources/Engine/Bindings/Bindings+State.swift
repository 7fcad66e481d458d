import Foundation
import LuaKit
import SMSCore
import Storage

extension Bindings {
    /// The longest key `state` takes, in bytes.
    static let stateKeyLimit = 200
    /// The longest value `state.set` stores, as JSON text, in bytes.
    static let stateValueLimit = 65_536
    /// The most keys `state.keys` returns.
    static let stateKeysLimit = 10_000
    /// Where the keys of `moonwire run` scripts and of the REPL live (plugins have their file's name).
    static let scriptStateNamespace = "(scripts)"

    /// `state.get`, `state.set`, `state.incr`, `state.delete`, `state.keys`: the plugin's own
    /// durable keys, in the engine's database, expiring on the engine's clock. Inside a flow they
    /// raise: the flow's journaled `flow:state_*` methods are the replay-safe way.
    func stateFunctions() -> [String: LuaFunction] {
        let store = services.store
        let clock = services.clock
        let namespace = plugin ?? Bindings.scriptStateNamespace
        func outsideFlows(_ call: LuaCall, _ name: String) throws {
            guard FlowExecution.current == nil else {
                throw LuaCallError(
                    "state.\(name) cannot be used inside a flow: a flow is replayed after a restart and would read or "
                        + "write again; use flow:state_\(name)(...), which is journaled")
            }
        }
        /// `state.<name>`: its arguments read into a request (raising on misuse), then done by the store.
        func request(_ name: String, _ read: @escaping @Sendable (LuaCall, Int32) throws -> StateRequest) -> LuaFunction {
            LuaFunction { call in
                try outsideFlows(call, name)
                let request = try read(call, 1)
                return try call.suspend { [try await request.perform(store, namespace: namespace, step: nil, now: clock.now())] }
            }
        }
        return [
            "get": request("get", StateRequest.get),  // (key) -> value | nil | nil, err
            "set": request("set", StateRequest.set),  // (key, value [, {ttl=}]) -> true | nil, err
            "incr": request("incr", StateRequest.incr),  // (key [, by] [, {ttl=}]) -> new integer | nil, err
            "delete": request("delete", StateRequest.delete),  // (key) -> true (deleted) | false (absent) | nil, err
            // state.keys([prefix]) -> { key, ... } | nil, err
            "keys": LuaFunction { call in
                try outsideFlows(call, "keys")
                let prefix = call.isNil(1) ? "" : try StateRequest.key(call, 1, what: "prefix", allowEmpty: true)
                return try call.suspend {
                    let keys = try await Bindings.storing { () async throws(StorageError) in
                        try await store.stateKeys(plugin: namespace, prefix: prefix, limit: Bindings.stateKeysLimit + 1, now: clock.now())
                    }
                    guard keys.count <= Bindings.stateKeysLimit else {
                        throw LuaFailure(
                            code: "too_many",
                            message: "more than \(Bindings.stateKeysLimit) keys start with \"\(prefix)\": ask for a longer prefix",
                            extra: ["retryable": .boolean(false)])
                    }
                    return [.table(LuaTable(array: keys.map { .text($0) }))]
                }
            },
        ]
    }
}
