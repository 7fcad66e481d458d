/// The headers that authenticate a provider's requests, and the secrets they carry (to redact).
public struct ProviderAuth: Sendable {
    /// Header names and values added to every request.
    let headers: [(name: String, value: String)]
    /// Values hidden from every log line and error.
    let secrets: [ProviderSecret]

    /// Authentication by arbitrary headers; `secrets` are redacted wherever text is shown.
    public init(headers: [(name: String, value: String)], secrets: [ProviderSecret]) {
        self.headers = headers
        self.secrets = secrets
    }

    /// `Authorization: Bearer <key>` (Conerix).
    public static func bearer(_ key: ProviderSecret) -> ProviderAuth {
        ProviderAuth(headers: [("Authorization", "Bearer \(key.unredactedValue)")], secrets: [key])
    }
}
