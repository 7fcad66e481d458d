/// An error that came out of Lua: a syntax error, a runtime error, an exhausted memory ceiling
/// or a stopped runaway run, with the message, the `file:line` it points at and a traceback.
public struct LuaError: Error, Sendable, Hashable {
    /// What went wrong, in the four kinds a host reacts to differently.
    public struct Kind: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        /// The chunk did not compile.
        public static let syntax = Kind(rawValue: "syntax")
        /// The code raised an error (or called a binding that raised one).
        public static let runtime = Kind(rawValue: "runtime")
        /// The state's memory ceiling was reached.
        public static let memory = Kind(rawValue: "memory")
        /// The run used up its time budget (or was interrupted) and was stopped.
        public static let limit = Kind(rawValue: "limit")
        /// A binding's async work threw ``LuaAbandon``: the run was dropped on purpose.
        public static let abandoned = Kind(rawValue: "abandoned")
        /// A file could not be read.
        public static let file = Kind(rawValue: "file")
        public var description: String { rawValue }
    }

    /// The kind of failure.
    public var kind: Kind
    /// The message, starting with `file:line:` when Lua knew where it happened.
    public var message: String
    /// `chunk:line` of the failure when known (e.g. `hello.lua:3`).
    public var location: String?
    /// Lua's traceback (`stack traceback:` lines), empty when none was captured.
    public var traceback: String

    /// Creates an error; `location` is parsed from the message when not given.
    public init(kind: Kind, message: String, location: String? = nil, traceback: String = "") {
        self.kind = kind
        self.message = message
        self.location = location ?? LuaError.location(in: message)
        self.traceback = traceback
    }

    /// The leading `chunk:line` of a Lua message such as `hello.lua:3: boom`, if any.
    static func location(in message: String) -> String? {
        // A chunk name may itself hold colons ([string "a:b"]), so scan for ":<digits>:".
        let scalars = Array(message.utf8.prefix(512))
        var i = 0
        while i < scalars.count {
            if scalars[i] == UInt8(ascii: ":"), i > 0 {
                var j = i + 1
                while j < scalars.count, scalars[j] >= 48, scalars[j] <= 57 { j += 1 }
                if j > i + 1, j < scalars.count, scalars[j] == UInt8(ascii: ":") {
                    return String(decoding: scalars[0..<j], as: UTF8.self)
                }
            }
            if scalars[i] == UInt8(ascii: "\n") { return nil }
            i += 1
        }
        return nil
    }
}

extension LuaError: CustomStringConvertible {
    /// The message, then the traceback if there is one.
    public var description: String {
        traceback.isEmpty ? message : message + "\n" + traceback
    }
}
