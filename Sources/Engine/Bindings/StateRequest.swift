import Foundation
import LuaKit
import Storage

/// One `state` read or write, taken from its Lua arguments on the executor and done by the
/// store afterwards: what `state.*` and the journaled `flow:state_*` share.
enum StateRequest: Sendable {
    case get(key: String)
    case set(key: String, json: String, ttl: Duration?)
    case incr(key: String, by: Int64, ttl: Duration?)
    case delete(key: String)

    /// The key, which the flow journal records as the step's argument.
    var key: String {
        switch self {
        case .get(let key), .set(let key, _, _), .incr(let key, _, _), .delete(let key): key
        }
    }

    /// `(key)` from argument `first`.
    static func get(_ call: LuaCall, first: Int32) throws -> StateRequest {
        .get(key: try key(call, first, what: "key"))
    }

    /// `(key, value [, {ttl=}])` from argument `first`.
    static func set(_ call: LuaCall, first: Int32) throws -> StateRequest {
        let key = try key(call, first, what: "key")
        guard !call.isNil(first + 1) else {
            throw call.argumentError(first + 1, "a value expected; to remove a key, call state.delete(\"\(key)\")")
        }
        let json = try call.json(first + 1)
        guard json.utf8.count <= Bindings.stateValueLimit else {
            throw LuaFailure(
                code: "too_large",
                message: "the value for \"\(key)\" is \(json.utf8.count) bytes as JSON; state keeps values up to "
                    + "\(Bindings.stateValueLimit) bytes (keep large data in your own systems and store its id)",
                extra: ["retryable": .boolean(false)])
        }
        return .set(key: key, json: json, ttl: try ttl(call, first + 2, method: "set"))
    }

    /// `(key [, by] [, {ttl=}])` from argument `first`.
    static func incr(_ call: LuaCall, first: Int32) throws -> StateRequest {
        let key = try key(call, first, what: "key")
        var options = first + 1
        var by: Int64 = 1
        switch call.typeName(first + 1) {
        case "number":
            guard case .integer(let n) = try call.value(first + 1) else {
                throw call.argumentError(first + 1, "an integer to add expected (state.incr counts integers), got a float")
            }
            by = n
            options += 1
        case "nil" where call.argumentCount > first + 1:
            options += 1  // state.incr(key, nil, {ttl = ...})
        case "nil", "no value", "table":
            break
        case let other:
            throw call.argumentError(first + 1, "an integer to add or an options table expected, got \(other)")
        }
        return .incr(key: key, by: by, ttl: try ttl(call, options, method: "incr"))
    }

    /// `(key)` from argument `first`.
    static func delete(_ call: LuaCall, first: Int32) throws -> StateRequest {
        .delete(key: try key(call, first, what: "key"))
    }

    /// A key (or a prefix): a non-empty UTF-8 string of at most ``Bindings/stateKeyLimit`` bytes.
    static func key(_ call: LuaCall, _ i: Int32, what: String, allowEmpty: Bool = false) throws -> String {
        guard !call.isNil(i) else { throw call.argumentError(i, "a \(what) expected (a string such as \"visits:+33612345678\")") }
        let bytes = try call.bytes(i)
        guard let text = bytes.validText else { throw call.argumentError(i, "the \(what) is not valid UTF-8") }
        guard allowEmpty || !text.isEmpty else { throw call.argumentError(i, "the \(what) is empty") }
        guard text.utf8.count <= Bindings.stateKeyLimit else {
            throw call.argumentError(i, "the \(what) is \(text.utf8.count) bytes; at most \(Bindings.stateKeyLimit)")
        }
        return text
    }

    /// `{ttl = "1d"}` at argument `i`, or nil.
    private static func ttl(_ call: LuaCall, _ i: Int32, method: String) throws -> Duration? {
        guard !call.isNil(i) else { return nil }
        let options = try call.table(i)
        for name in options.fields.keys where name.stringValue != "ttl" {
            throw call.argumentError(i, "unknown option '\(name.stringValue ?? name.typeName)'; state.\(method) takes ttl")
        }
        guard options["ttl"] != .nil else { return nil }
        let ttl = try TimeArguments.duration(options["ttl"], call: call, argument: i, example: "{ttl = \"1d\"}")
        guard ttl > .zero else { throw call.argumentError(i, "ttl must be longer than zero") }
        return ttl
    }

    /// Does it in `namespace` (a plugin's file name), as flow step `step` when one asks; the Lua
    /// value it returns (a failure of the store is `nil, err`).
    func perform(_ store: any EngineStorage, namespace: String, step: PluginStateStep?, now: Date) async throws(LuaFailure) -> LuaValue {
        func expiry(_ ttl: Duration?) -> Date? { ttl.map { now.addingTimeInterval($0.seconds) } }
        switch self {
        case .get(let key):
            guard let json = try await Bindings.storing({ () async throws(StorageError) in
                try await store.stateValue(plugin: namespace, key: key, now: now)
            }) else { return .nil }
            do {
                return try LuaValue(json: json)
            } catch {
                throw LuaFailure(
                    code: "corrupt_row", message: "the stored value of \"\(key)\" is not JSON: \(error.message)", extra: ["retryable": .boolean(false)])
            }
        case .set(let key, let json, let ttl):
            try await Bindings.storing { () async throws(StorageError) in
                try await store.setStateValue(plugin: namespace, key: key, json: json, expiresAt: expiry(ttl), step: step, now: now)
            }
            return .boolean(true)
        case .incr(let key, let by, let ttl):
            return .integer(try await Bindings.storing { () async throws(StorageError) in
                try await store.incrementStateValue(plugin: namespace, key: key, by: by, expiresAt: expiry(ttl), step: step, now: now)
            })
        case .delete(let key):
            return .boolean(try await Bindings.storing { () async throws(StorageError) in
                try await store.deleteStateValue(plugin: namespace, key: key, step: step, now: now)
            })
        }
    }
}
