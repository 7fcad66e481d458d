/// A failure to set up or drive the engine (configuration, store, script file), as opposed to an
/// error inside a script, which is a ``LuaKit/LuaError``.
public struct EngineError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A stable machine-readable code, e.g. `unknown_provider`, `script_not_found`.
    public var code: String
    /// What happened and what to do about it.
    public var message: String

    /// Creates an error.
    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
