/// A Lua string: a sequence of bytes that need not be valid UTF-8.
public struct LuaString: Sendable, Hashable, CustomStringConvertible {
    /// The raw bytes.
    public var bytes: [UInt8]

    /// A string from raw bytes.
    public init(bytes: [UInt8]) { self.bytes = bytes }
    /// A string holding `text` as UTF-8.
    public init(_ text: String) { self.bytes = Array(text.utf8) }

    /// The bytes decoded as UTF-8; invalid sequences become U+FFFD.
    public var text: String { String(decoding: bytes, as: UTF8.self) }
    /// The bytes as UTF-8 text, or nil if they are not valid UTF-8.
    public var validText: String? { String(validating: bytes, as: UTF8.self) }
    public var description: String { text }
}
