import CLua
import CLuaShims

/// Builds what ``JSONParser`` reads straight onto the Lua stack: objects and arrays become
/// tables (arrays with `json.array`'s metatable, so they encode back as arrays even when empty),
/// `null` becomes `json.null`, numbers without a fraction or exponent integers.
struct LuaJSONDecoder: JSONParserSink {
    let L: OpaquePointer
    /// Stack slots of `json.null` and the array metatable, pushed once for the whole decode.
    private let nullSlot: Int32
    private let arraySlot: Int32

    /// Pushes two helper values on `L`, which stay below the decoded value.
    init(L: OpaquePointer) {
        self.L = L
        LuaJSON.pushRegistryValue(L, LuaJSON.nullKey)
        nullSlot = lua_gettop(L)
        LuaJSON.pushRegistryValue(L, LuaJSON.arrayKey)
        arraySlot = lua_gettop(L)
    }

    mutating func reserve() -> Bool { lua_checkstack(L, 4) != 0 }

    /// The run's kill flag, and the memory limit the tables made so far may have passed (the
    /// ceiling is not enforced while Swift runs, so it is looked at here).
    mutating func check() throws(LuaJSONFailure) {
        if clua_killed(L) != 0 { throw .killed }
        let limit = clua_memory_limit(L)
        if limit > 0, clua_memory_used(L) > limit {
            throw .error(LuaJSONError(
                code: .tooLarge, message: "the decoded value would not fit under the script's memory limit (\(limit / 1_048_576) MiB)"))
        }
    }

    mutating func null() { lua_pushvalue(L, nullSlot) }
    mutating func boolean(_ value: Bool) { lua_pushboolean(L, value ? 1 : 0) }
    mutating func integer(_ value: Int64) { lua_pushinteger(L, value) }
    mutating func number(_ value: Double) { lua_pushnumber(L, value) }

    mutating func string(_ bytes: UnsafeRawBufferPointer) {
        _ = lua_pushlstring(L, bytes.baseAddress?.assumingMemoryBound(to: CChar.self), bytes.count)
    }

    mutating func beginObject() { lua_createtable(L, 0, 0) }
    mutating func setField() { lua_rawset(L, -3) }
    mutating func endObject() {}

    mutating func beginArray() {
        lua_createtable(L, 0, 0)
        lua_pushvalue(L, arraySlot)
        lua_setmetatable(L, -2)
    }

    mutating func append(_ index: Int) { lua_rawseti(L, -2, lua_Integer(index)) }
    mutating func endArray() {}
}
