/// Conerix's error envelope: `{"success": false, "error": {"type", "code", "message"}, "meta": {"request_id"}}`
/// (seed sample and rate-limits page, providers.md §2).
struct ConerixErrorEnvelope: Decodable {
    struct Detail: Decodable {
        var type: String?
        var code: String?
        var message: String?
    }

    var success: Bool?
    var error: Detail
    var meta: ConerixMeta?

    /// Reads a failed answer into a typed error; the HTTP core adds status and retryability.
    static func failure(from response: ProviderResponse) -> ProviderError {
        guard let envelope = try? response.decode(ConerixErrorEnvelope.self),
            envelope.error.code != nil || envelope.error.message != nil
        else {
            return response.unexplainedFailure(keyVariable: "CONERIX_API_KEY")
        }
        let code = envelope.error.code ?? ProviderError.code(forStatus: response.status)
        let said = envelope.error.message ?? envelope.error.type ?? code
        return ProviderError(
            code: code,
            message: "Conerix refused \(response.operation): \(said) — "
                + ProviderError.advice(forStatus: response.status, keyVariable: "CONERIX_API_KEY"),
            httpStatus: response.status, provider: response.provider, operation: response.operation,
            requestID: envelope.meta?.requestID ?? response.requestID)
    }
}
