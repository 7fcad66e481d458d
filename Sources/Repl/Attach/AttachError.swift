/// Why the attach socket could not be served or reached.
public struct AttachError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A stable code: `socket_in_use`, `socket_path`, `socket_failed`, `not_listening`, `protocol`.
    public var code: String
    /// What went wrong, naming the path, with a hint.
    public var message: String

    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
}
