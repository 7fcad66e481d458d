import CLua
import CLuaShims

/// Writes the Lua value at a stack index as JSON, reading it straight off the stack (no copy
/// into ``LuaValue``): one pass per table to classify it, one to write it.
///
/// Tables whose keys are exactly 1...n are arrays, tables with string keys objects (keys in
/// byte order, so the same table always gives the same text); an empty table is `{}` unless its
/// metatable is `json.array`'s. Integers stay integers, floats keep a point (`1.0`), so a
/// decode gives back the same Lua types.
struct LuaJSONEncoder {
    let L: OpaquePointer
    /// Spaces per level; 0 writes everything on one line.
    let indent: Int
    private(set) var output: [UInt8] = []
    /// The tables being written, outermost first: a cycle is a table already on this path.
    private var path: [UnsafeRawPointer] = []
    /// Each object's pairs as written, before they are put in key order (shared by all levels).
    private var pairs: [Pair] = []
    private var scratch: [UInt8] = []
    private var countdown = LuaJSON.checkInterval
    private let null: UnsafeMutableRawPointer?
    private let arrayMetatable: UnsafeRawPointer?
    /// The most bytes the text may have: what the script's memory limit leaves.
    private let byteLimit: Int

    /// A pair of an object: `output[keyStart..<valueStart]` is the quoted key, the value follows
    /// up to `end`.
    private struct Pair {
        var keyStart: Int
        var valueStart: Int
        var end: Int
    }

    init(L: OpaquePointer, indent: Int) {
        self.L = L
        self.indent = indent
        LuaJSON.pushRegistryValue(L, LuaJSON.nullKey)
        null = lua_touserdata(L, -1)
        LuaJSON.pushRegistryValue(L, LuaJSON.arrayKey)
        arrayMetatable = lua_topointer(L, -1)
        lua_pop(L, 2)
        let limit = clua_memory_limit(L)
        byteLimit = limit == 0 ? Int.max : max(0, limit - clua_memory_used(L))
        output.reserveCapacity(256)
    }

    /// Appends the value at absolute index `index`.
    mutating func write(_ index: Int32) throws(LuaJSONFailure) {
        try step()
        switch lua_type(L, index) {
        case LUA_TNIL:
            output.append(contentsOf: LuaJSON.nullText)
        case LUA_TBOOLEAN:
            output.append(contentsOf: lua_toboolean(L, index) != 0 ? LuaJSON.trueText : LuaJSON.falseText)
        case LUA_TNUMBER:
            if lua_isinteger(L, index) != 0 {
                appendInteger(lua_tointegerx(L, index, nil))
            } else {
                try appendFloat(lua_tonumberx(L, index, nil))
            }
        case LUA_TSTRING:
            var length = 0
            let pointer = lua_tolstring(L, index, &length)!
            try appendString(UnsafeRawBufferPointer(start: pointer, count: length))
        case LUA_TTABLE:
            try writeTable(index)
        case LUA_TUSERDATA where lua_touserdata(L, index) == null:
            output.append(contentsOf: LuaJSON.nullText)
        default:
            let type = String(cString: lua_typename(L, lua_type(L, index)))
            throw .error(LuaJSONError(
                code: .unsupportedType,
                message: "a \(type) cannot be written as JSON (only nil, booleans, numbers, strings, tables and json.null can)"))
        }
    }

    /// Every `checkInterval` values: stop for a kill (the run's budget, an interrupt) and for a
    /// text that outgrew the memory limit.
    private mutating func step() throws(LuaJSONFailure) {
        countdown -= 1
        guard countdown == 0 else { return }
        countdown = LuaJSON.checkInterval
        if clua_killed(L) != 0 { throw .killed }
        if output.count > byteLimit {
            throw .error(LuaJSONError(
                code: .tooLarge,
                message: "the JSON text passed \(output.count) bytes, more than the script's memory limit leaves (\(byteLimit) bytes)"))
        }
    }

    private mutating func writeTable(_ index: Int32) throws(LuaJSONFailure) {
        let identity = lua_topointer(L, index)!
        if path.contains(identity) {
            throw .error(LuaJSONError(code: .cycle, message: "the table contains itself, which JSON cannot write"))
        }
        guard path.count < LuaJSON.maximumDepth else {
            throw .error(LuaJSONError(code: .tooDeep, message: "tables nest deeper than \(LuaJSON.maximumDepth) levels"))
        }
        guard lua_checkstack(L, 4) != 0 else {
            throw .error(LuaJSONError(code: .tooDeep, message: "tables nest too deep for Lua's stack"))
        }
        path.append(identity)
        defer { path.removeLast() }

        var markedArray = false
        if lua_getmetatable(L, index) != 0 {
            markedArray = lua_topointer(L, -1) == arrayMetatable
            lua_pop(L, 1)
        }
        // Classify: an array has exactly the keys 1...n; an object only string keys.
        let length = Int(lua_rawlen(L, index))
        var keys = 0
        var stringKeys = 0
        var stray: StrayKey?
        lua_pushnil(L)
        while lua_next(L, index) != 0 {
            keys += 1
            let keyType = lua_type(L, -2)
            if keyType == LUA_TSTRING {
                stringKeys += 1
            } else if stray == nil {
                if keyType == LUA_TNUMBER, lua_isinteger(L, -2) != 0 {
                    let k = lua_tointegerx(L, -2, nil)
                    if k < 1 || k > length { stray = .integer(k) }
                } else {
                    stray = .other(keyType)
                }
            }
            lua_pop(L, 1)
        }
        if keys == 0 {
            output.append(contentsOf: markedArray ? LuaJSON.emptyArrayText : LuaJSON.emptyObjectText)
        } else if stringKeys == 0, stray == nil, keys == length {
            try writeArray(index, count: length)
        } else if stringKeys == keys {
            try writeObject(index)
        } else {
            throw .error(badKey(stray, stringKeys: stringKeys, length: length))
        }
    }

    /// A key that keeps a table from being an array or an object.
    private enum StrayKey {
        /// An integer outside the table's 1...n.
        case integer(lua_Integer)
        /// A float, boolean, table... key (a Lua type).
        case other(Int32)
    }

    private func badKey(_ stray: StrayKey?, stringKeys: Int, length: Int) -> LuaJSONError {
        switch stray {
        case nil where stringKeys > 0:
            return LuaJSONError(
                code: .badKey,
                message: "the table has both string keys and list items (1..\(length)); JSON has objects or arrays, "
                    + "not both: put the list under a key of its own")
        case nil:
            return LuaJSONError(
                code: .badKey,
                message: "the list has holes (nil items before its item \(length)); an array needs every item from 1: "
                    + "use json.null for a missing one")
        case .integer(let k) where stringKeys > 0:
            return LuaJSONError(
                code: .badKey, message: "the table mixes string keys and the number key \(k); an object's keys must all be strings")
        case .integer(let k):
            return LuaJSONError(
                code: .badKey,
                message: "the table has the key \(k) outside its items 1..\(length) (a sparse list); an array needs every "
                    + "index from 1, an object string keys (tostring the numbers)")
        case .other(let type):
            let name = type == LUA_TNUMBER ? "float" : String(cString: lua_typename(L, type))
            return LuaJSONError(code: .badKey, message: "the table has a \(name) key; an object's keys must be strings")
        }
    }

    private mutating func writeArray(_ index: Int32, count: Int) throws(LuaJSONFailure) {
        output.append(UInt8(ascii: "["))
        let depth = path.count
        for i in 1...count {
            if i > 1 { output.append(UInt8(ascii: ",")) }
            newline(depth)
            lua_rawgeti(L, index, lua_Integer(i))
            do {
                try write(lua_gettop(L))
            } catch {
                throw error.inside(.index(i))
            }
            lua_pop(L, 1)
        }
        newline(depth - 1)
        output.append(UInt8(ascii: "]"))
    }

    private mutating func writeObject(_ index: Int32) throws(LuaJSONFailure) {
        let depth = path.count
        let start = output.count
        let first = pairs.count
        // Pairs are written in the table's order, then put in key order.
        lua_pushnil(L)
        while lua_next(L, index) != 0 {
            var length = 0
            let key = lua_tolstring(L, -2, &length)!  // a string key: no conversion, lua_next is safe
            let keyStart = output.count
            do {
                try appendString(UnsafeRawBufferPointer(start: key, count: length))
                let valueStart = output.count
                try write(lua_gettop(L))
                pairs.append(Pair(keyStart: keyStart, valueStart: valueStart, end: output.count))
            } catch {
                throw error.inside(.key(String(decoding: UnsafeRawBufferPointer(start: key, count: length), as: UTF8.self)))
            }
            lua_pop(L, 1)
        }
        var ordered = Array(pairs[first...])
        pairs.removeSubrange(first...)
        if ordered.count > 1 {
            output.withUnsafeBufferPointer { text in
                ordered.sort { a, b in
                    LuaJSON.precedes(
                        UnsafeBufferPointer(rebasing: text[a.keyStart..<a.valueStart]),
                        UnsafeBufferPointer(rebasing: text[b.keyStart..<b.valueStart]))
                }
            }
        }
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: output[start...])
        output.removeSubrange(start...)
        output.append(UInt8(ascii: "{"))
        for (n, pair) in ordered.enumerated() {
            if n > 0 { output.append(UInt8(ascii: ",")) }
            newline(depth)
            output.append(contentsOf: scratch[(pair.keyStart - start)..<(pair.valueStart - start)])
            output.append(UInt8(ascii: ":"))
            if indent > 0 { output.append(UInt8(ascii: " ")) }
            output.append(contentsOf: scratch[(pair.valueStart - start)..<(pair.end - start)])
        }
        newline(depth - 1)
        output.append(UInt8(ascii: "}"))
    }

    /// A line break and `depth` levels of indentation, when indenting.
    private mutating func newline(_ depth: Int) {
        guard indent > 0 else { return }
        output.append(UInt8(ascii: "\n"))
        output.append(contentsOf: repeatElement(UInt8(ascii: " "), count: depth * indent))
    }

    private mutating func appendInteger(_ value: lua_Integer) { LuaJSON.appendInteger(value, to: &output) }
    private mutating func appendFloat(_ value: Double) throws(LuaJSONFailure) { try LuaJSON.appendFloat(value, to: &output) }
    private mutating func appendString(_ bytes: UnsafeRawBufferPointer) throws(LuaJSONFailure) {
        try LuaJSON.appendString(bytes, to: &output)
    }
}

/// How an encode or a decode stops early.
public enum LuaJSONFailure: Error {
    /// A value or a text JSON cannot carry: an expected failure.
    case error(LuaJSONError)
    /// The run was stopped (budget, interrupt): raised, not returned.
    case killed

    /// The same failure, one level further out.
    func inside(_ component: LuaJSONError.PathComponent) -> LuaJSONFailure {
        guard case .error(var error) = self else { return self }
        error.path.insert(component, at: 0)
        return .error(error)
    }
}
