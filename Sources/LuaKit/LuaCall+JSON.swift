import CLua

extension LuaCall {
    /// Argument `i` as compact JSON text, written by the `json` module's encoder (the same
    /// rules: keys in byte order, integers kept, cycles and depth refused). A value JSON cannot
    /// carry throws a ``LuaFailure`` (`nil, err` with the offending path); a stop raises.
    public func json(_ i: Int32) throws -> String {
        let index = lua_absindex(L, i)
        var encoder = LuaJSONEncoder(L: L, indent: 0)
        do throws(LuaJSONFailure) {
            try encoder.write(index)
        } catch {
            switch error {
            case .killed: throw LuaCallError("stopped")
            case .error(let error): throw error.failure
            }
        }
        return String(decoding: encoder.output, as: UTF8.self)
    }
}

extension LuaCall {
    /// Field `field` of the table at argument `i` as compact JSON text (see ``json(_:)``), or nil
    /// when the field is nil.
    public func json(_ i: Int32, field: String) throws -> String? {
        let index = lua_absindex(L, i)
        let top = lua_gettop(L)
        defer { lua_settop(L, top) }
        guard lua_type(L, index) == LUA_TTABLE else { throw typeError(i, expected: "table") }
        lua_pushstring(L, field)
        guard lua_rawget(L, index) != LUA_TNIL else { return nil }
        return try json(-1)
    }
}
