import Foundation

/// Removes secrets from text before it reaches a log line, an error message or `--verbose` output.
public struct Redactor: Sendable, Hashable {
    /// The secrets to hide, longest first so a key containing another is hidden whole.
    let secrets: [String]

    /// Hides each of `secrets` (empty ones are ignored).
    public init(secrets: [String]) {
        self.secrets = Array(Set(secrets.filter { !$0.isEmpty })).sorted { $0.count > $1.count }
    }

    /// Hides each of `secrets`.
    public init(_ secrets: [ProviderSecret]) { self.init(secrets: secrets.map(\.unredactedValue)) }

    /// Header names whose values are always hidden, whatever they hold (compared lowercased).
    static let sensitiveHeaders: Set<String> = [
        "authorization", "x-api-key", "api-key", "x-auth-token", "proxy-authorization", "cookie", "set-cookie",
    ]

    /// `text` with every known secret, and any `Bearer` token, replaced by `[REDACTED]`.
    public func redact(_ text: String) -> String {
        var result = text
        for secret in secrets where result.contains(secret) {
            result = result.replacingOccurrences(of: secret, with: ProviderSecret.placeholder)
        }
        return Self.redactBearerTokens(result)
    }

    /// The value to show for a header: hidden entirely for credentials, redacted otherwise.
    public func redactHeader(name: String, value: String) -> String {
        Self.sensitiveHeaders.contains(name.lowercased()) ? ProviderSecret.placeholder : redact(value)
    }

    /// Hides what follows `Bearer ` even when the key is not one we were told about
    /// (a key pasted into a body or echoed by a provider).
    static func redactBearerTokens(_ text: String) -> String {
        guard text.range(of: "bearer ", options: .caseInsensitive) != nil else { return text }
        var output = ""
        var rest = Substring(text)
        while let range = rest.range(of: "bearer ", options: .caseInsensitive) {
            output += rest[..<range.upperBound]
            rest = rest[range.upperBound...]
            let token = rest.prefix { !$0.isWhitespace && $0 != "\"" && $0 != "'" && $0 != "," }
            if !token.isEmpty && token != Substring(ProviderSecret.placeholder) {
                output += ProviderSecret.placeholder
                rest = rest.dropFirst(token.count)
            }
        }
        return output + rest
    }
}
