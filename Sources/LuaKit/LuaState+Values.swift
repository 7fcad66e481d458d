import CLua
import CLuaShims

extension LuaState {
    /// How deep a table copy may nest before it is refused.
    static let maximumTableDepth = 64

    /// Pushes a pinned value. The reference must come from this state.
    func pushReference(_ L: OpaquePointer, _ ref: LuaReference) {
        precondition(ref.owner === owner, "a LuaReference was used with a state that did not make it")
        _ = lua_rawgeti(L, clua_registryindex(), lua_Integer(ref.ref))
    }

    /// Pushes Swift text as a Lua string (embedded NULs kept).
    func pushString(_ L: OpaquePointer, _ text: String) {
        var text = text
        text.withUTF8 { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                _ = lua_pushlstring(L, chars.baseAddress, chars.count)
            }
        }
    }

    /// Pushes raw bytes as a Lua string.
    func pushBytes(_ L: OpaquePointer, _ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                _ = lua_pushlstring(L, chars.baseAddress, chars.count)
            }
        }
    }

    /// Pushes any value on `L`'s stack (tables are built anew, pinned values pushed as they are).
    func push(_ L: OpaquePointer, _ value: LuaValue) {
        switch value {
        case .nil: lua_pushnil(L)
        case .boolean(let b): lua_pushboolean(L, b ? 1 : 0)
        case .integer(let i): lua_pushinteger(L, i)
        case .number(let d): lua_pushnumber(L, d)
        case .string(let s): pushBytes(L, s.bytes)
        case .table(let t):
            _ = lua_checkstack(L, 4)
            lua_createtable(L, Int32(clamping: t.array.count), Int32(clamping: t.fields.count))
            for (i, element) in t.array.enumerated() {
                push(L, element)
                lua_rawseti(L, -2, lua_Integer(i + 1))
            }
            for (key, element) in t.fields {
                if case .nil = key { continue }
                if case .number(let d) = key, d.isNaN { continue }
                push(L, key)
                push(L, element)
                lua_rawset(L, -3)
            }
        case .function(let r), .userdata(let r), .thread(let r): pushReference(L, r)
        case .lightUserdata(let address): lua_pushlightuserdata(L, UnsafeMutableRawPointer(bitPattern: address))
        }
    }

    /// The bytes of the string (or number) at `index`.
    func bytes(_ L: OpaquePointer, _ index: Int32) -> LuaString {
        var length = 0
        guard let pointer = lua_tolstring(L, index, &length) else { return LuaString(bytes: []) }
        return pointer.withMemoryRebound(to: UInt8.self, capacity: length) { base in
            LuaString(bytes: Array(UnsafeBufferPointer(start: base, count: length)))
        }
    }

    /// The most values one copy of a Lua value into Swift may hold. A table that shares a
    /// sub-table is copied once per path to it, so ten levels of `t = {t, t}` already make a
    /// thousand copies; this bound makes such a copy fail in milliseconds instead of growing
    /// past the memory ceiling.
    static let maximumCopiedValues = 100_000
    /// What a copied value is reckoned to cost in Swift, besides its string bytes.
    static let copiedValueCost = 64
    /// What a copy may take beyond what the ceiling has left.
    static let copySlack = 1 << 20

    /// What is left of one copy's allowance.
    private struct CopyBudget {
        var values = LuaState.maximumCopiedValues
        var bytes: Int
    }

    /// Copies the value at `index` into Swift. Tables are copied deeply without metamethods;
    /// a table that contains itself, nests deeper than 64 levels, holds more than
    /// ``maximumCopiedValues`` values (counting shared sub-tables once per appearance) or would
    /// take more memory than the ceiling has left is refused before it is all copied.
    func value(_ L: OpaquePointer, at index: Int32) throws -> LuaValue {
        var visiting: Set<UnsafeRawPointer> = []
        let limit = memoryLimit
        // A little slack beyond what is left: a binding may have overdrawn the ceiling a bit
        // (allocation is not refused while Swift runs), and a small copy must still work.
        var budget = CopyBudget(bytes: limit == 0 ? Int.max : max(limit - memoryUsed, 0) + LuaState.copySlack)
        return try value(L, at: lua_absindex(L, index), depth: 0, visiting: &visiting, budget: &budget)
    }

    /// Argument checks read a string's size before copying it (see ``LuaCall/bytes(_:atMost:)``).
    func byteCount(_ L: OpaquePointer, _ index: Int32) -> Int {
        var length = 0
        _ = lua_tolstring(L, index, &length)
        return length
    }

    private func value(
        _ L: OpaquePointer, at index: Int32, depth: Int, visiting: inout Set<UnsafeRawPointer>, budget: inout CopyBudget
    ) throws -> LuaValue {
        budget.values -= 1
        budget.bytes -= LuaState.copiedValueCost
        if budget.values < 0 {
            throw LuaCallError(
                "table is too large to copy: more than \(LuaState.maximumCopiedValues) values (a sub-table that "
                    + "appears in several places counts each time)")
        }
        if lua_type(L, index) == LUA_TSTRING { budget.bytes -= byteCount(L, index) }
        if budget.bytes < 0 {
            throw LuaCallError(
                "value is too large to copy: it would take more memory than the script's limit of "
                    + "\(LuaRuntime.formatBytes(memoryLimit)) has left")
        }
        switch lua_type(L, index) {
        case LUA_TNIL, LUA_TNONE: return .nil
        case LUA_TBOOLEAN: return .boolean(lua_toboolean(L, index) != 0)
        case LUA_TNUMBER:
            if lua_isinteger(L, index) != 0 { return .integer(lua_tointegerx(L, index, nil)) }
            return .number(lua_tonumberx(L, index, nil))
        case LUA_TSTRING: return .string(bytes(L, index))
        case LUA_TTABLE: return .table(try table(L, at: index, depth: depth, visiting: &visiting, budget: &budget))
        case LUA_TFUNCTION: return .function(reference(L, at: index))
        case LUA_TTHREAD: return .thread(reference(L, at: index))
        case LUA_TLIGHTUSERDATA: return .lightUserdata(UInt(bitPattern: lua_touserdata(L, index)))
        default: return .userdata(reference(L, at: index))
        }
    }

    private func table(
        _ L: OpaquePointer, at index: Int32, depth: Int, visiting: inout Set<UnsafeRawPointer>, budget: inout CopyBudget
    ) throws -> LuaTable {
        guard depth < LuaState.maximumTableDepth else {
            throw LuaCallError("table nests deeper than \(LuaState.maximumTableDepth) levels")
        }
        guard let identity = lua_topointer(L, index) else { return LuaTable() }
        guard visiting.insert(identity).inserted else {
            throw LuaCallError("table contains itself (a cycle) and cannot be copied")
        }
        defer { visiting.remove(identity) }
        guard lua_checkstack(L, 4) != 0 else { throw LuaCallError("table nests too deeply") }
        var result = LuaTable()
        let count = lua_rawlen(L, index)
        result.array.reserveCapacity(min(Int(count), max(budget.values, 0)))
        if count > 0 {
            for i in 1...count {
                lua_rawgeti(L, index, lua_Integer(i))
                defer { lua_pop(L, 1) }
                let element = try value(L, at: lua_gettop(L), depth: depth + 1, visiting: &visiting, budget: &budget)
                if case .nil = element { break }
                result.array.append(element)
            }
        }
        let arrayCount = Int64(result.array.count)
        lua_pushnil(L)
        while lua_next(L, index) != 0 {
            // Keys are read by type, never with lua_tolstring, which would break lua_next.
            if lua_isinteger(L, -2) != 0 {
                let k = lua_tointegerx(L, -2, nil)
                if k >= 1, k <= arrayCount {
                    lua_pop(L, 1)
                    continue
                }
            }
            let key = try value(L, at: lua_gettop(L) - 1, depth: depth + 1, visiting: &visiting, budget: &budget)
            let element = try value(L, at: lua_gettop(L), depth: depth + 1, visiting: &visiting, budget: &budget)
            result.fields[key] = element
            lua_pop(L, 1)
        }
        return result
    }

    /// Pushes `nil, err` for `failure`, `err` carrying the failure metatable.
    func pushFailure(_ L: OpaquePointer, _ failure: LuaFailure) {
        lua_pushnil(L)
        push(L, .table(failure.fields))
        if let failureMetatable {
            pushReference(L, failureMetatable)
            lua_setmetatable(L, -2)
        }
    }
}
