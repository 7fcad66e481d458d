import Crypto
import Foundation

/// The sandbox's login tokens: HS256 JWTs (RFC 7519) signed with a key drawn when the server
/// starts, so a token from another server, or one altered, or expired, is refused.
struct ConexteoJWT: Sendable {
    /// The claims the sandbox puts in a token.
    struct Claims: Sendable, Equatable {
        /// The account's email.
        var subject: String
        var issuedAt: Int
        var expiresAt: Int
    }

    /// Why a token was refused, in words for the 401.
    struct Refusal: Error, Sendable {
        var reason: String
    }

    /// Seconds a token lives [I: a common NestJS `expiresIn: '1h'`].
    static let lifetime = 3600

    // The raw key: swift-crypto's SymmetricKey is not Sendable.
    private let key: [UInt8]

    /// A signer with `key`, or a fresh random 256-bit key.
    init(key: [UInt8]? = nil) {
        self.key = key ?? SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }
    }

    /// A token for `subject`, issued at `now`.
    func sign(subject: String, now: Date) -> String {
        let issued = Int(now.timeIntervalSince1970)
        let header = JSONValue.object(["alg": .string("HS256"), "typ": .string("JWT")])
        let payload = JSONValue.object([
            "sub": .string(subject), "iat": .int(issued), "exp": .int(issued + Self.lifetime),
        ])
        let signingInput = Self.base64URL(header.bytes) + "." + Self.base64URL(payload.bytes)
        return signingInput + "." + Self.base64URL(signature(signingInput))
    }

    /// The claims of `token`, when it is well formed, signed with this key, and not expired at `now`.
    func verify(_ token: String, now: Date) throws(Refusal) -> Claims {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let headerBytes = Self.decodeBase64URL(parts[0]),
            let payloadBytes = Self.decodeBase64URL(parts[1]), let signatureBytes = Self.decodeBase64URL(parts[2])
        else { throw Refusal(reason: "the token is not a JWT") }
        let header = try? JSONDecoder().decode(JSONValue.self, from: Data(headerBytes))
        // Only HS256: a token naming another algorithm ("none" above all) is refused outright.
        guard header?["alg"]?.string == "HS256" else { throw Refusal(reason: "the token is not signed with HS256") }
        let signingInput = "\(parts[0]).\(parts[1])"
        guard
            HMAC<SHA256>.isValidAuthenticationCode(
                signatureBytes, authenticating: Array(signingInput.utf8), using: SymmetricKey(data: key))
        else { throw Refusal(reason: "the token's signature is not valid") }
        guard let payload = try? JSONDecoder().decode(JSONValue.self, from: Data(payloadBytes)),
            let subject = payload["sub"]?.string, let issued = payload["iat"]?.int, let expires = payload["exp"]?.int
        else { throw Refusal(reason: "the token lacks its claims") }
        guard Int(now.timeIntervalSince1970) < expires else { throw Refusal(reason: "the token has expired") }
        return Claims(subject: subject, issuedAt: issued, expiresAt: expires)
    }

    private func signature(_ signingInput: String) -> [UInt8] {
        Array(HMAC<SHA256>.authenticationCode(for: Array(signingInput.utf8), using: SymmetricKey(data: key)))
    }

    /// Base64url without padding (RFC 7515 §2).
    static func base64URL(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// The bytes of base64url text, padding optional; nil when it is not base64url.
    static func decodeBase64URL(_ text: Substring) -> [UInt8]? {
        guard !text.contains(where: { $0 == "+" || $0 == "/" }) else { return nil }
        var standard = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while standard.count % 4 != 0 { standard += "=" }
        return Data(base64Encoded: standard).map(Array.init)
    }
}
