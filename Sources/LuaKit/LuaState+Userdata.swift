import CLua
import CLuaShims

extension LuaState {
    /// Registers a userdata type: Swift objects pushed as `typeName` get `methods` through
    /// `__index`, the given metamethods (`__tostring`, `__len`, ...), and a `__gc` that releases
    /// the object when Lua collects the userdata (the object's `deinit` then runs).
    public func registerType(
        _ typeName: String, methods: [String: LuaFunctionBody], metamethods: [String: LuaFunctionBody] = [:]
    ) {
        guard luaL_newmetatable(L, typeName) != 0 else {
            lua_pop(L, 1)
            return
        }
        lua_createtable(L, 0, Int32(methods.count))
        for (name, body) in methods.sorted(by: { $0.key < $1.key }) {
            pushString(L, name)
            pushFunction(L, "\(typeName):\(name)", body)
            lua_rawset(L, -3)
        }
        pushString(L, "__index")
        lua_insert(L, -2)
        lua_rawset(L, -3)
        for (name, body) in metamethods.sorted(by: { $0.key < $1.key }) where name != "__gc" {
            pushString(L, name)
            pushFunction(L, "\(typeName).\(name)", body)
            lua_rawset(L, -3)
        }
        pushString(L, "__gc")
        lua_pushcfunction(L, clua_object_gc)
        lua_rawset(L, -3)
        pushString(L, "__metatable")  // scripts can't read or replace a host type's metatable
        pushString(L, typeName)
        lua_rawset(L, -3)
        lua_pop(L, 1)
    }

    /// Pushes `object` as userdata of a registered type, retaining it until Lua collects it.
    func push(_ L: OpaquePointer, object: AnyObject, typeName: String) {
        let retained = Unmanaged<AnyObject>.passRetained(object)
        if clua_pushobject(L, retained.toOpaque(), typeName) == 0 {
            retained.release()
            preconditionFailure("userdata type '\(typeName)' was not registered with registerType")
        }
    }

    /// Pins `object` as userdata of a registered type.
    public func userdata(_ object: AnyObject, typeName: String) -> LuaReference {
        push(L, object: object, typeName: typeName)
        return popReference(L)
    }
}
