/// A Conexteo error answer. Only `{"status": 409, "error": "External ID already processed"}` is
/// documented (seed); NestJS's default `{"statusCode", "message": string | [string], "error"}`
/// is read too, since the backend is most likely NestJS. [I]
struct ConexteoErrorBody: Decodable {
    var status: Int?
    var error: String?
    var messages: [String]

    enum CodingKeys: String, CodingKey { case status, statusCode, error, message }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        status = c.lenientInt(.status) ?? c.lenientInt(.statusCode)
        error = c.lenientString(.error)
        if let many = try? c.decodeIfPresent([String].self, forKey: .message) {
            messages = many
        } else {
            messages = c.lenientString(.message).map { [$0] } ?? []
        }
    }

    /// The words to show: the detailed messages, else the error title.
    var text: String? {
        messages.isEmpty ? error : messages.joined(separator: "; ")
    }

    /// True for the documented dedup answer.
    var isExternalIDAlreadyProcessed: Bool {
        (text ?? "").lowercased().contains("external") || (error ?? "").lowercased().contains("external")
    }

    /// Reads a failed answer into a typed error; the HTTP core adds status and retryability.
    static func failure(from response: ProviderResponse) -> ProviderError {
        guard let body = try? response.decode(ConexteoErrorBody.self), let said = body.text else {
            return response.unexplainedFailure(keyVariable: "CONEXTEO_API_KEY")
        }
        return ProviderError(
            code: ProviderError.code(forStatus: response.status),
            message: "Conexteo refused \(response.operation): \(said) — "
                + ProviderError.advice(forStatus: response.status, keyVariable: "CONEXTEO_API_KEY"),
            httpStatus: response.status, provider: response.provider, operation: response.operation,
            requestID: response.requestID)
    }
}
