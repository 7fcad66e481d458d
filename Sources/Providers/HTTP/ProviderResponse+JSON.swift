import Foundation

extension ProviderResponse {
    /// Decodes the body as `T`, turning an empty body, an HTML page, invalid JSON or a missing field
    /// into an `invalid_response` error naming the provider and the operation.
    public func decode<T: Decodable>(_ type: T.Type) throws(ProviderError) -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(body))
        } catch let error as DecodingError {
            throw invalidResponse(Self.explain(error, body: body))
        } catch {
            throw invalidResponse("the body could not be read (\(error))")
        }
    }

    /// An `invalid_response` error for this answer: not retried, since asking again would most
    /// likely get the same unusable answer, and for a send might send twice.
    public func invalidResponse(_ what: String) -> ProviderError {
        ProviderError(
            code: "invalid_response",
            message: redactor.redact(
                "\(provider) answered \(operation) with HTTP \(status) but \(what); body: \(snippet)")
                + " — the provider may be down or its API may have changed: retry later, or report it",
            retryable: false, httpStatus: status, provider: provider, operation: operation, requestID: requestID)
    }

    /// Up to 200 characters of the body on one line, for messages.
    public var snippet: String {
        if body.isEmpty { return "(empty)" }
        let flat = text.replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\r", with: " ")
        return flat.count > 200 ? String(flat.prefix(200)) + "…" : flat
    }

    /// True when the body looks like an HTML page (a proxy's or a load balancer's error page).
    var looksLikeHTML: Bool {
        let start = text.prefix(256).trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        return start.hasPrefix("<!doctype html") || start.hasPrefix("<html") || start.hasPrefix("<")
            || (header("Content-Type")?.lowercased().contains("text/html") ?? false)
    }

    /// Says in words what was wrong with the body.
    /// What a JSON sender calls the value a Swift type decodes from.
    static func jsonKind(_ type: Any.Type) -> String {
        let name = String(describing: type)
        if name.hasPrefix("Dictionary") || name.contains("KeyedDecodingContainer") { return "an object" }
        if name.hasPrefix("Array") || name.contains("UnkeyedDecodingContainer") { return "an array" }
        if name == "String" || name == "Character" { return "a string" }
        if name == "Bool" { return "true or false" }
        if ["Int", "Double", "Float", "Decimal"].contains(where: name.hasPrefix) || name.hasPrefix("UInt") { return "a number" }
        return "another kind of value"
    }

    /// What a JSON sender calls the value a decoder says it found ("a dictionary", "a string/data").
    static func jsonKind(found: String) -> String {
        let text = found.lowercased()
        if text.contains("dictionary") || text.contains("object") { return "an object" }
        if text.contains("array") { return "an array" }
        if text.contains("string") { return "a string" }
        if text.contains("number") { return "a number" }
        if text.contains("null") { return "null" }
        if text.contains("bool") { return "true or false" }
        return "another kind of value"
    }

    static func explain(_ error: DecodingError, body: [UInt8]) -> String {
        let text = String(decoding: body, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty { return "an empty body where JSON was expected" }
        if text.hasPrefix("<") { return "an HTML page where JSON was expected" }
        func path(_ keys: [any CodingKey]) -> String {
            keys.isEmpty ? "the top level" : keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .dataCorrupted(let context) where context.codingPath.isEmpty: return "a body that is not valid JSON"
        case .dataCorrupted(let context): return "an unreadable value at \(path(context.codingPath))"
        case .keyNotFound(let key, let context): return "the JSON lacks the field \(path(context.codingPath + [key]))"
        case .valueNotFound(_, let context): return "the JSON has null at \(path(context.codingPath))"
        case .typeMismatch(let type, let context):
            // Named in JSON's words: the Swift type decoded into means nothing to the sender.
            let found = context.debugDescription.firstMatch(of: #/found (.+?) instead/#).map { jsonKind(found: String($0.output.1)) }
            return "the JSON has \(found ?? "another kind of value") at \(path(context.codingPath)) where \(jsonKind(type)) was expected"
        @unknown default: return "the JSON has an unexpected shape"
        }
    }
}

extension ProviderResponse {
    /// A failure for a non-2xx answer whose body the provider's error format does not explain
    /// (an HTML error page from a proxy, an empty body, foreign JSON).
    func unexplainedFailure(keyVariable: String) -> ProviderError {
        let kind =
            body.isEmpty ? "an empty body" : looksLikeHTML ? "an HTML page" : "a body in no known error format"
        return ProviderError(
            code: ProviderError.code(forStatus: status),
            message: "\(provider) answered \(operation) with HTTP \(status) and \(kind) (\(snippet)): "
                + ProviderError.advice(forStatus: status, keyVariable: keyVariable),
            httpStatus: status, provider: provider, operation: operation, requestID: requestID)
    }
}
