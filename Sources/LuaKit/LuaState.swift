import CLua
import CLuaShims
import Foundation

/// One Lua state: its lifecycle, text-only chunk loading, protected calls, registry references,
/// Swift functions and userdata types. Not thread-safe and not Sendable: a ``LuaRuntime`` owns it
/// and reaches it only on its executor.
public final class LuaState {
    /// The main thread's pointer.
    public let L: OpaquePointer
    let owner = LuaReferenceOwner()
    /// Swift functions callable from Lua; kept for the state's lifetime (host-owned, never GC'd).
    private var boxes: [LuaFunctionBox] = []
    /// Work a binding asked to run while its coroutine is suspended; taken by the runtime.
    var pendingSuspension: (@Sendable () async throws -> [LuaValue])?
    /// The sandbox environment factory made by the prelude.
    var sandboxFactory: LuaReference?
    /// The metatable of `nil, err` failure tables (see ``LuaFailure``).
    var failureMetatable: LuaReference?
    /// Where `print` and other output go.
    public var output: (String) -> Void

    private static let callbacksInstalled: Void = clua_set_callbacks(luaKitDispatch, luaKitRelease)

    /// Creates a state with the standard libraries and the sandbox prelude.
    /// - Parameters:
    ///   - memoryLimit: bytes the state may hold while Lua code runs; 0 for no limit.
    ///   - output: receives what scripts `print` (a line at a time, newline included).
    public init(memoryLimit: Int = 0, output: @escaping (String) -> Void = { print($0, terminator: "") })
        throws(LuaError)
    {
        _ = LuaState.callbacksInstalled
        guard let L = clua_newstate(memoryLimit) else {
            throw LuaError(kind: .memory, message: "cannot create a Lua state: out of memory")
        }
        self.L = L
        self.output = output
        luaL_openlibs(L)  // allocation can't raise: the ceiling is off outside Lua code
        // Before the prelude copies the libraries: the loops of C library functions that can
        // outrun the budget are replaced by ones that look at the kill flag (DESIGN.md §2.3).
        lua_pushcfunction(L, clua_open_bounded_library)
        guard clua_pcall(L, 0, 0) == LUA_OK else {
            let message = bytes(L, -1).text
            lua_pop(L, 1)
            throw LuaError(kind: .memory, message: "cannot create a Lua state: \(message)")
        }
        try installPrelude()
    }

    deinit {
        clua_close(L)
    }

    // MARK: - Memory

    /// Bytes the state holds now.
    public var memoryUsed: Int { clua_memory_used(L) }
    /// The most bytes the state has held.
    public var memoryPeak: Int { clua_memory_peak(L) }
    /// The ceiling enforced while Lua code runs; 0 for none.
    public var memoryLimit: Int {
        get { clua_memory_limit(L) }
        set { clua_set_memory_limit(L, newValue) }
    }

    /// Runs a full garbage collection.
    public func collectGarbage() {
        releaseDroppedReferences()
        clua_fullgc(L)
    }

    // MARK: - Loading and calling

    /// Compiles `source` (text only; binary chunks are refused) as a function.
    /// - Parameters:
    ///   - chunkName: the name errors show; `@file.lua` shows `file.lua`, `=name` shows `name`.
    ///   - environment: a table to use as the chunk's `_ENV` (its globals); nil for the real globals.
    /// - Throws: ``LuaError`` of kind `.syntax` (or `.memory`) when the chunk does not compile.
    public func load(_ source: [UInt8], chunkName: String, environment: LuaReference? = nil) throws(LuaError)
        -> LuaReference
    {
        releaseDroppedReferences()
        let status = LuaState.withChars(source) { chars, count in clua_load(L, chars, count, chunkName) }
        return try loaded(status, environment: environment)
    }

    /// `guard(f, message, arg, tag)`: a Lua-callable C function that wraps a standard library
    /// C function `f` so that it raises `message` at the caller's line while a run tagged `tag`
    /// executes (when argument `arg` is nil, or always when `arg` is 0), and otherwise is `f`,
    /// called in place at no extra cost.
    public func guardFunction() -> LuaReference {
        lua_pushcfunction(L, clua_guard_f)
        return popReference(L)
    }

    /// Compiles the host's own `source` (never a script's) once per process and afterwards
    /// loads its bytecode (see ``LuaChunkCache``); otherwise as ``load(_:chunkName:environment:)``.
    public func load(hostChunk source: String, chunkName: String, environment: LuaReference? = nil) throws(LuaError)
        -> LuaReference
    {
        releaseDroppedReferences()
        let key = LuaChunkCache.Key(chunkName: chunkName, source: source)
        if let bytecode = LuaChunkCache.bytecode(key) {
            let status = bytecode.withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: CChar.self) { clua_load_bytecode(L, $0.baseAddress, $0.count, chunkName) }
            }
            return try loaded(status, environment: environment)
        }
        let status = LuaState.withChars(Array(source.utf8)) { chars, count in clua_load(L, chars, count, chunkName) }
        if status == LUA_OK {
            var size = 0
            if let data = clua_dump(L, &size) {
                LuaChunkCache.store(Array(UnsafeRawBufferPointer(start: data, count: size)), for: key)
                free(data)
            }
        }
        return try loaded(status, environment: environment)
    }

    /// The function a load pushed, its `_ENV` set to `environment`; or the load's error.
    private func loaded(_ status: Int32, environment: LuaReference?) throws(LuaError) -> LuaReference {
        guard status == LUA_OK else {
            let message = bytes(L, -1).text
            lua_pop(L, 1)
            throw LuaError(kind: status == LUA_ERRMEM ? .memory : .syntax, message: message)
        }
        if let environment {
            pushReference(L, environment)
            _ = lua_setupvalue(L, -2, 1)
        }
        return popReference(L)
    }

    /// Compiles Swift text; see ``load(_:chunkName:environment:)``.
    public func load(_ source: String, chunkName: String, environment: LuaReference? = nil) throws(LuaError)
        -> LuaReference
    {
        try load(Array(source.utf8), chunkName: chunkName, environment: environment)
    }

    /// Calls `function` synchronously on the main thread under `lua_pcall` with a traceback.
    /// Code called this way cannot suspend; runs go through ``LuaRuntime``.
    public func call(_ function: LuaReference, _ arguments: [LuaValue] = []) throws(LuaError) -> [LuaValue] {
        releaseDroppedReferences()
        let base = lua_gettop(L)
        guard lua_checkstack(L, Int32(arguments.count) + 2) != 0 else {
            throw LuaError(kind: .runtime, message: "too many arguments (\(arguments.count))")
        }
        pushReference(L, function)
        for argument in arguments { push(L, argument) }
        let status = clua_pcall(L, Int32(arguments.count), LUA_MULTRET)
        if status != LUA_OK {
            let raw = lua_type(L, -1) == LUA_TSTRING ? bytes(L, -1).text : "(error object is not a string)"
            lua_settop(L, base)
            let (message, traceback) = LuaState.splitTraceback(raw)
            let kind: LuaError.Kind =
                status == LUA_ERRMEM ? .memory : (clua_killed(L) != 0 ? .limit : .runtime)
            clua_reset_kill(L, nil)
            throw LuaError(kind: kind, message: message, traceback: traceback)
        }
        var results: [LuaValue] = []
        let top = lua_gettop(L)
        if top > base {
            for i in (base + 1)...top { results.append((try? value(L, at: i)) ?? .nil) }
        }
        lua_settop(L, base)
        return results
    }

    /// Splits "message\nstack traceback:\n..." as produced by the message handler.
    static func splitTraceback(_ text: String) -> (String, String) {
        guard let range = text.range(of: "\nstack traceback:") else { return (text, "") }
        return (String(text[..<range.lowerBound]), String(text[text.index(after: range.lowerBound)...]))
    }

    /// Calls `body` with a non-null pointer to the bytes (even when empty) and their count.
    static func withChars<T>(_ bytes: [UInt8], _ body: (UnsafePointer<CChar>, Int) -> T) -> T {
        let count = bytes.count
        let padded = count == 0 ? [0] : bytes
        return padded.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { body($0.baseAddress!, count) }
        }
    }

    // MARK: - Functions, modules and fields

    /// Pins a Swift function as a Lua function value.
    public func function(_ name: String, _ body: @escaping LuaFunctionBody) -> LuaReference {
        pushFunction(L, name, body)
        return popReference(L)
    }

    /// Pins a wrapped Swift function as a Lua function value.
    public func function(_ name: String, _ function: LuaFunction) -> LuaReference {
        self.function(name, function.body)
    }

    /// Pushes a Swift function on `L`'s stack.
    func pushFunction(_ L: OpaquePointer, _ name: String, _ body: @escaping LuaFunctionBody) {
        let box = LuaFunctionBox(name: name, state: self, body: body)
        boxes.append(box)
        clua_pushfunction(L, Unmanaged.passUnretained(box).toOpaque())
    }

    /// A table of Swift functions, Lua's module shape (`sms.send`, `clock.now`, ...).
    public func module(_ name: String, _ functions: [String: LuaFunction]) -> LuaReference {
        lua_createtable(L, 0, Int32(functions.count))
        for (key, function) in functions.sorted(by: { $0.key < $1.key }) {
            pushString(L, key)
            pushFunction(L, "\(name).\(key)", function.body)
            lua_rawset(L, -3)
        }
        return popReference(L)
    }

    /// A new empty table.
    public func newTable() -> LuaReference {
        lua_createtable(L, 0, 0)
        return popReference(L)
    }

    /// Sets `table[key] = value` without metamethods.
    public func setField(_ table: LuaReference, _ key: String, _ value: LuaValue) {
        pushReference(L, table)
        pushString(L, key)
        push(L, value)
        lua_rawset(L, -3)
        lua_pop(L, 1)
    }

    /// Sets `table[key]` to a pinned value without metamethods.
    public func setField(_ table: LuaReference, _ key: String, _ value: LuaReference) {
        setField(table, key, LuaValue.reference(value))
    }

    /// Reads `table[key]` without metamethods.
    public func field(_ table: LuaReference, _ key: String) -> LuaValue {
        pushReference(L, table)
        pushString(L, key)
        _ = lua_rawget(L, -2)
        let result = (try? value(L, at: -1)) ?? .nil
        lua_pop(L, 2)
        return result
    }

    /// The global table (the real one, outside any sandbox).
    public var globals: LuaReference {
        lua_pushglobaltable(L)
        return popReference(L)
    }

    // MARK: - References

    /// Pins the value at `index` of `L`'s stack.
    func reference(_ L: OpaquePointer, at index: Int32) -> LuaReference {
        lua_pushvalue(L, index)
        return popReference(L)
    }

    /// Pins and pops the top of `L`'s stack.
    func popReference(_ L: OpaquePointer) -> LuaReference {
        let type = String(cString: lua_typename(L, lua_type(L, -1)))
        let ref = luaL_ref(L, clua_registryindex())
        return LuaReference(ref: ref, owner: owner, typeName: type)
    }

    /// Releases the registry slots of references Swift has dropped. Runs on the state's executor.
    func releaseDroppedReferences() {
        for ref in owner.takeDropped() { luaL_unref(L, clua_registryindex(), ref) }
    }
}

extension LuaValue {
    /// The case that holds a pinned value of the reference's type.
    static func reference(_ ref: LuaReference) -> LuaValue {
        switch ref.typeName {
        case "function": .function(ref)
        case "thread": .thread(ref)
        default: .userdata(ref)
        }
    }
}
