/// A configuration that cannot be used: the file, the line and the key when it is the file's
/// fault, and what to write instead.
public struct SettingsError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `config_syntax`, `unknown_key`, `invalid_value`, `missing_file` or `unreadable_file`.
    public let code: String
    /// What went wrong and how to fix it, starting with `file:line:` when a line is to blame.
    public let message: String

    /// An error with a code and a message a user can act on.
    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
