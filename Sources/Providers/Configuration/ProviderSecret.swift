/// An API key or signing secret that prints as `[REDACTED]` in descriptions, dumps and
/// string interpolation, so it cannot leak into logs or error messages by accident.
public struct ProviderSecret: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    /// The secret itself; read it only to put it on the wire or into an HMAC.
    public let unredactedValue: String

    /// Wraps a secret.
    public init(_ value: String) { self.unredactedValue = value }

    /// What a secret looks like wherever it is shown.
    public static let placeholder = "[REDACTED]"

    public var description: String { Self.placeholder }
    public var debugDescription: String { Self.placeholder }
    // Without this, `dump` and Mirror-based loggers would show the stored property.
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}
