/// Random identifiers in the shapes each provider uses.
enum SandboxIDs {
    private static let base62 = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
    private static let hex = Array("0123456789abcdef")

    /// `prefix` and `count` random characters from `alphabet`.
    static func make(_ prefix: String, _ count: Int, alphabet: [Character] = base62) -> String {
        var generator = SystemRandomNumberGenerator()
        return prefix + String((0..<count).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
    }

    /// A Conerix message id, `msg_` and 25 characters as in the seed's example [V shape].
    static func conerixMessage() -> String { make("msg_", 25) }
    /// A Conerix request id, `req_…` [V prefix].
    static func conerixRequest() -> String { make("req_", 20) }
    /// A Conerix webhook endpoint id, `whe_…` [V prefix].
    static func conerixWebhookEndpoint() -> String { make("whe_", 24) }
    /// A Conerix webhook signing secret, `whsec_…` [V prefix].
    static func conerixSigningSecret() -> String { make("whsec_", 32) }
    /// An upstream id for `provider_message_id`, `SM` and 32 hex digits [I: the seed shows `SM3f2c...`].
    static func upstreamMessage() -> String { make("SM", 32, alphabet: hex) }
}
