import Synchronization

/// The bytecode of the host's own Lua chunks (the sandbox prelude, the test prelude, the flow
/// guard), compiled once per process. Every state makes its own functions from them (a state per
/// plugin, per test), and loading bytecode costs a tenth of parsing the text again. Scripts never
/// go through it: they are always loaded as text.
enum LuaChunkCache {
    /// A chunk: its name and its text.
    struct Key: Hashable {
        var chunkName: String
        var source: String
    }

    private static let chunks = Mutex<[Key: [UInt8]]>([:])

    /// The bytecode stored for `key`, if any.
    static func bytecode(_ key: Key) -> [UInt8]? {
        chunks.withLock { $0[key] }
    }

    /// Keeps `bytecode` for `key`.
    static func store(_ bytecode: [UInt8], for key: Key) {
        chunks.withLock { $0[key] = bytecode }
    }
}
