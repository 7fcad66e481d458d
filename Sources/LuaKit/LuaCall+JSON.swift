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
