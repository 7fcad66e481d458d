import CLua
import CLuaShims
import Foundation

extension LuaState {
    /// Runs the sandbox prelude once, keeping its environment factory.
    func installPrelude() throws(LuaError) {
        let prelude = try load(hostChunk: LuaSandboxPrelude.source, chunkName: "=moonwire.sandbox")
        pushReference(L, prelude)
        clua_pushsuspendmarker(L)
        lua_pushcfunction(L, clua_coresume)
        lua_pushcfunction(L, clua_killed_f)
        pushFunction(L, "loadfile") { call in try call.state.loadFileBinding(call) }
        pushFunction(L, "print") { call in
            call.state.output(try call.string(1))
            return 0
        }
        clua_pushcoclose(L)
        guard clua_pcall(L, 6, 1) == LUA_OK else {
            let message = bytes(L, -1).text
            lua_pop(L, 1)
            throw LuaError(kind: .runtime, message: "sandbox prelude failed: \(message)")
        }
        sandboxFactory = popReference(L)
        // Shared by every failure table; locked so one script cannot change how another's print.
        let maker = try load(
            hostChunk:
            """
            return { __metatable = "failure", __tostring = function(e)
              return tostring(rawget(e, "code")) .. ": " .. tostring(rawget(e, "message"))
            end }
            """, chunkName: "=moonwire.failure")
        pushReference(L, maker)
        guard clua_pcall(L, 0, 1) == LUA_OK else {
            let message = bytes(L, -1).text
            lua_pop(L, 1)
            throw LuaError(kind: .runtime, message: "failure metatable: \(message)")
        }
        failureMetatable = popReference(L)
    }

    /// A new sandbox environment: an allowlisted copy of the standard library with no `io`,
    /// `debug`, `package`, `os.execute`, `string.dump` or binary loading; `setmetatable` refuses
    /// `__gc`; `loadfile`/`dofile`/`require` read only files under `roots` (relative paths
    /// resolve against the first root). Install host modules with ``setField(_:_:_:)-(_,_,LuaValue)``.
    public func makeEnvironment(roots: [String] = []) throws(LuaError) -> LuaReference {
        guard let factory = sandboxFactory else {
            throw LuaError(kind: .runtime, message: "the sandbox prelude is not installed")
        }
        pushReference(L, factory)
        push(L, .table(LuaTable(array: roots.map { .text($0) })))
        guard clua_pcall(L, 1, 1) == LUA_OK else {
            let message = bytes(L, -1).text
            lua_pop(L, 1)
            throw LuaError(kind: .runtime, message: message)
        }
        return popReference(L)
    }

    /// `host_loadfile(path, env, roots)`: loads a text chunk from under one of `roots`; like
    /// Lua's `loadfile`, a failure is `nil, message`.
    fileprivate func loadFileBinding(_ call: LuaCall) throws -> Int32 {
        func refuse(_ message: String) -> Int32 {
            lua_pushnil(call.L)
            pushString(call.L, message)
            return 2
        }
        let path = try call.string(1)
        var roots: [String] = []
        if case .table(let t) = try call.value(3) { roots = t.array.compactMap(\.stringValue) }
        guard let first = roots.first else {
            return refuse("cannot open \(path): this environment may not read files")
        }
        let candidate = path.hasPrefix("/") ? path : first + "/" + path
        guard let resolved = LuaState.realPath(candidate) else {
            return refuse("cannot open \(path): no such file")
        }
        let allowed = roots.compactMap(LuaState.realPath).contains { root in
            resolved == root || resolved.hasPrefix(root.hasSuffix("/") ? root : root + "/")
        }
        guard allowed else {
            return refuse("cannot open \(path): outside the allowed folders (\(roots.joined(separator: ", ")))")
        }
        guard let data = FileManager.default.contents(atPath: resolved) else {
            return refuse("cannot read \(path)")
        }
        let L = call.L
        let source = LuaState.skippingFirstLineComment([UInt8](data))
        let status = LuaState.withChars(source) { chars, count in clua_load(L, chars, count, "@" + path) }
        guard status == LUA_OK else {
            let message = bytes(L, -1).text
            lua_pop(L, 1)
            lua_pushnil(L)
            pushString(L, message)
            return 2
        }
        lua_pushvalue(L, 2)
        _ = lua_setupvalue(L, -2, 1)
        return 1
    }

    /// A file's text without a UTF-8 byte order mark and without a first line starting with
    /// `#` (a Unix `#!` line), as stock `loadfile` reads files; the line break stays, so line
    /// numbers do not move.
    static func skippingFirstLineComment(_ bytes: [UInt8]) -> [UInt8] {
        var start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        if start < bytes.count, bytes[start] == UInt8(ascii: "#") {
            start = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
        }
        return start == 0 ? bytes : Array(bytes[start...])
    }

    /// The canonical absolute path of an existing file, or nil.
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
