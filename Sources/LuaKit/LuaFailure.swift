/// An expected failure, returned to Lua the conventional way: `nil, err` where `err` is a table
/// `{ code = ..., message = ..., <extra fields> }` whose `tostring` is "code: message".
/// Throw it from a Swift function, or from the async work of ``LuaCall/suspend(_:)``: unlike
/// other errors, it does not raise.
public struct LuaFailure: Error, Sendable, Hashable {
    /// A stable machine-readable code, e.g. `not_found`.
    public var code: String
    /// What went wrong, naming the value, with a hint.
    public var message: String
    /// More fields of the error table (e.g. `retryable`).
    public var extra: [String: LuaValue]

    /// Creates a failure.
    public init(code: String, message: String, extra: [String: LuaValue] = [:]) {
        self.code = code
        self.message = message
        self.extra = extra
    }

    /// The error table's fields.
    var fields: LuaTable {
        var fields = extra
        fields["code"] = .text(code)
        fields["message"] = .text(message)
        return LuaTable(fields)
    }
}
