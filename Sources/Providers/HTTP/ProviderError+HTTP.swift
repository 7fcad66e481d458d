extension ProviderError {
    /// The code for an HTTP status when the provider's body says nothing usable.
    static func code(forStatus status: Int) -> String {
        switch status {
        case 400, 422: "invalid_request"
        case 401: "unauthorized"
        case 402: "insufficient_credits"
        case 403: "forbidden"
        case 404: "not_found"
        case 408: "timeout"
        case 409: "conflict"
        case 413: "too_large"
        case 429: "rate_limited"
        case 500..<600: "provider_unavailable"
        default: "http_\(status)"
        }
    }

    /// What to do about a failure with this status, for messages.
    static func advice(forStatus status: Int, keyVariable: String) -> String {
        switch status {
        case 400, 422: "fix the request; sending it again will fail the same way"
        case 401: "check \(keyVariable): the provider refused the API key"
        case 402: "top up the account's credits"
        case 403: "the API key lacks the right for this operation"
        case 404: "check the base URL"
        case 429: "too many requests: slow down or raise the plan's rate limit"
        case 500..<600: "the provider is failing; try again later"
        default: "see the provider's documentation for this status"
        }
    }
}
