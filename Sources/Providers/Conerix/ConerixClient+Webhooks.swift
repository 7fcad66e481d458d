extension ConerixClient {
    /// The body of `POST /v1/webhooks/create`.
    struct CreateWebhookRequest: Encodable {
        var url: String
        var description: String?
        var events: [String]
    }

    /// `POST /v1/webhooks/create`: registers `url` for `events`; keep the returned signing secret,
    /// Conerix never shows it again.
    public func createWebhookEndpoint(
        url: String, description: String? = nil, events: [ConerixEventType] = ConerixEventType.allCases
    ) async throws(ProviderError) -> ConerixWebhookEndpoint {
        let payload = CreateWebhookRequest(url: url, description: description, events: events.map(\.rawValue))
        let request = ProviderRequest(
            method: "POST", path: "/v1/webhooks/create", body: try http.jsonBody(payload, operation: "create_webhook"),
            operation: "create_webhook", idempotent: false)
        return try await http.perform(request).decodeConerix(ConerixWebhookEndpoint.self)
    }
}
