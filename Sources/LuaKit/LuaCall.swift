import CLua
import CLuaShims

/// The view a Swift function gets of its Lua call: typed argument readers that raise Lua's
/// usual "bad argument" errors, result pushers, and suspension of the calling coroutine.
/// Valid only during the call; do not keep it.
public struct LuaCall {
    /// The running coroutine's state pointer (for the rare direct C API use).
    public let L: OpaquePointer
    unowned(unsafe) let box: LuaFunctionBox

    init(L: OpaquePointer, box: LuaFunctionBox) {
        self.L = L
        self.box = box
    }

    /// The state this call runs in.
    public var state: LuaState { box.state }
    /// The name the function was registered under (used in error messages).
    public var functionName: String { box.name }
    /// Number of arguments.
    public var argumentCount: Int32 { lua_gettop(L) }

    // MARK: - Reading arguments

    /// Lua's type name of argument `i` ("no value" past the end).
    public func typeName(_ i: Int32) -> String {
        let t = lua_type(L, i)
        if t == LUA_TNONE { return "no value" }
        return String(cString: lua_typename(L, t))
    }

    /// True if argument `i` is nil or absent.
    public func isNil(_ i: Int32) -> Bool { lua_type(L, i) <= LUA_TNIL }

    /// Argument `i` as an integer (a float with an exact integer value or a numeric string is accepted).
    public func integer(_ i: Int32) throws -> Int64 {
        var ok: Int32 = 0
        let v = lua_tointegerx(L, i, &ok)
        if ok != 0 { return v }
        if lua_type(L, i) == LUA_TNUMBER {
            throw argumentError(i, "number has no integer representation")
        }
        throw typeError(i, expected: "number")
    }

    /// Argument `i` as a float (numeric strings accepted, as Lua does).
    public func number(_ i: Int32) throws -> Double {
        var ok: Int32 = 0
        let v = lua_tonumberx(L, i, &ok)
        if ok != 0 { return v }
        throw typeError(i, expected: "number")
    }

    /// Argument `i` as raw bytes (numbers are converted, as Lua does).
    public func bytes(_ i: Int32) throws -> LuaString {
        let t = lua_type(L, i)
        guard t == LUA_TSTRING || t == LUA_TNUMBER else { throw typeError(i, expected: "string") }
        return state.bytes(L, i)
    }

    /// Argument `i` as raw bytes, refused before it is copied when longer than `limit` bytes
    /// (what a binding would refuse anyway must not cost the host a copy of it).
    /// - Parameter what: names the argument in the error, e.g. "text".
    public func bytes(_ i: Int32, atMost limit: Int, what: String) throws -> LuaString {
        let t = lua_type(L, i)
        guard t == LUA_TSTRING || t == LUA_TNUMBER else { throw typeError(i, expected: "string") }
        let count = state.byteCount(L, i)
        guard count <= limit else {
            throw argumentError(i, "\(what) is \(count) bytes; at most \(limit) bytes are accepted")
        }
        return state.bytes(L, i)
    }

    /// Argument `i` as text; invalid UTF-8 is repaired with U+FFFD.
    public func string(_ i: Int32) throws -> String { try bytes(i).text }

    /// Argument `i` as text, or nil when nil or absent.
    public func optionalString(_ i: Int32) throws -> String? { isNil(i) ? nil : try string(i) }

    /// Argument `i` as a boolean (Lua truthiness).
    public func boolean(_ i: Int32) -> Bool { lua_toboolean(L, i) != 0 }

    /// Argument `i` copied into Swift (tables deeply, without metamethods).
    public func value(_ i: Int32) throws -> LuaValue { try state.value(L, at: i) }

    /// Argument `i`, which must be a table, copied into Swift.
    public func table(_ i: Int32) throws -> LuaTable {
        guard lua_type(L, i) == LUA_TTABLE else { throw typeError(i, expected: "table") }
        guard case .table(let t) = try state.value(L, at: i) else { throw typeError(i, expected: "table") }
        return t
    }

    /// Argument `i`, which must be a function, pinned so Swift can call it later.
    public func function(_ i: Int32) throws -> LuaReference {
        guard lua_type(L, i) == LUA_TFUNCTION else { throw typeError(i, expected: "function") }
        return state.reference(L, at: i)
    }

    /// The Swift object of userdata argument `i` of registered type `typeName`.
    public func object<T: AnyObject>(_ i: Int32, as type: T.Type, typeName: String) throws -> T {
        guard let raw = clua_toobject(L, i, typeName),
            let object = Unmanaged<AnyObject>.fromOpaque(raw).takeUnretainedValue() as? T
        else { throw typeError(i, expected: typeName) }
        return object
    }

    // MARK: - Pushing results

    /// Pushes nil.
    public func pushNil() { lua_pushnil(L) }
    /// Pushes a boolean.
    public func push(_ value: Bool) { lua_pushboolean(L, value ? 1 : 0) }
    /// Pushes an integer.
    public func push(_ value: Int64) { lua_pushinteger(L, value) }
    /// Pushes an integer.
    public func push(_ value: Int) { lua_pushinteger(L, Int64(value)) }
    /// Pushes a float.
    public func push(_ value: Double) { lua_pushnumber(L, value) }
    /// Pushes a string.
    public func push(_ value: String) { state.pushString(L, value) }
    /// Pushes any value.
    public func push(_ value: LuaValue) { state.push(L, value) }
    /// Pushes `object` as userdata of registered type `typeName` (retained until collected).
    public func push(object: AnyObject, typeName: String) { state.push(L, object: object, typeName: typeName) }

    /// Pushes `nil, err` where `err` is a table `{ code = code, message = message, ... }` that
    /// prints as "code: message", the Lua convention for an expected failure. Returns 2, the
    /// result count. Throwing a ``LuaFailure`` does the same.
    public func fail(code: String, message: String, extra: [String: LuaValue] = [:]) -> Int32 {
        state.pushFailure(L, LuaFailure(code: code, message: message, extra: extra))
        return 2
    }

    // MARK: - Suspending

    /// True when the calling coroutine can suspend here (see ``suspend(_:)``).
    public var isYieldable: Bool { lua_isyieldable(L) != 0 }

    /// Suspends the calling coroutine while `work` runs; the coroutine resumes with `work`'s
    /// values as this function's results, with `nil, err` if it throws a ``LuaFailure``, or
    /// with any other error raised. Return this value from the
    /// function body. Throws a clear error when Lua cannot yield here (a `table.sort`
    /// comparator, a `gsub` callback, a metamethod called from C, a call made from Swift).
    public func suspend(_ work: @escaping @Sendable () async throws -> [LuaValue]) throws -> Int32 {
        guard lua_isyieldable(L) != 0 else {
            throw LuaCallError(
                "\(functionName) cannot suspend here: Lua cannot yield from this context (a table.sort "
                    + "comparator, a string.gsub callback, __tostring or another metamethod called from C, "
                    + "or the top level of a required module); call it from the script or handler body instead")
        }
        state.pendingSuspension = work
        return CLUA_STATUS_SUSPEND
    }

    // MARK: - Errors

    /// Lua's "bad argument" error for argument `i`.
    public func argumentError(_ i: Int32, _ detail: String) -> LuaCallError {
        LuaCallError("bad argument #\(i) to '\(functionName)' (\(detail))")
    }

    /// Lua's type error for argument `i`.
    public func typeError(_ i: Int32, expected: String) -> LuaCallError {
        argumentError(i, "\(expected) expected, got \(typeName(i))")
    }

    /// Where the Lua code calling this function is, as `file:line` (empty when unknown).
    public var callerLocation: String {
        luaL_where(L, 1)
        let location = state.bytes(L, -1).text
        lua_pop(L, 1)
        // luaL_where gives "file:line: "; keep "file:line".
        return location.hasSuffix(": ") ? String(location.dropLast(2)) : location
    }

    /// Pushes the error value a thrown Swift error becomes, prefixed with the caller's `file:line:`.
    func pushError(_ error: any Error) {
        let message: String
        switch error {
        case let e as LuaCallError: message = e.message
        case let e as LuaError: message = e.message
        default: message = String(describing: error)
        }
        luaL_where(L, 1)
        let location = state.bytes(L, -1).text
        lua_pop(L, 1)
        state.pushString(L, location + message)
    }
}

/// An error a Swift function raises into Lua: the message becomes the Lua error, prefixed with
/// the caller's position.
public struct LuaCallError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The message Lua code sees.
    public var message: String
    /// An error with this message.
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
