import CLua
import CLuaShims

extension LuaState {
    /// A fresh `json` module table (`encode`, `decode`, `array`, `null`). `json.null` and the
    /// array marker are made once per state, so every environment's module shares them.
    public func jsonModule() -> LuaReference {
        makeJSONMarkers()
        lua_createtable(L, 0, 4)
        let module = lua_gettop(L)
        for (name, body) in [("decode", LuaJSON.decode), ("encode", LuaJSON.encode), ("array", LuaJSON.array)] as [(String, LuaFunctionBody)] {
            pushString(L, name)
            pushFunction(L, "json.\(name)", body)
            lua_rawset(L, module)
        }
        LuaJSON.pushRegistryValue(L, LuaJSON.nullKey)
        LuaJSON.setField(L, module, "null")
        return popReference(L)
    }

    private func makeJSONMarkers() {
        LuaJSON.pushRegistryValue(L, LuaJSON.nullKey)
        let made = lua_type(L, -1) == LUA_TUSERDATA
        lua_pop(L, 1)
        guard !made else { return }
        // json.null: a userdata that prints as "json.null" and whose metatable is locked.
        _ = lua_newuserdatauv(L, 0, 0)
        lua_createtable(L, 0, 3)
        let metatable = lua_gettop(L)
        pushString(L, "json.null")
        LuaJSON.setField(L, metatable, "__name")
        pushFunction(L, "json.null.__tostring") { call in
            call.push("json.null")
            return 1
        }
        LuaJSON.setField(L, metatable, "__tostring")
        lua_pushboolean(L, 0)
        LuaJSON.setField(L, metatable, "__metatable")
        lua_setmetatable(L, -2)
        LuaJSON.setRegistryValue(L, LuaJSON.nullKey)
        // The arrays' marker: what json.array sets and json.decode gives every array.
        lua_createtable(L, 0, 1)
        pushString(L, "json.array")
        LuaJSON.setField(L, lua_gettop(L) - 1, "__name")
        LuaJSON.setRegistryValue(L, LuaJSON.arrayKey)
    }
}
