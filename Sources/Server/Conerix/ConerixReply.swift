import HTTPTypes
import Hummingbird

/// Conerix's response envelope [V]: `{"success": true, "data": …, "meta": {"request_id": …}}` or
/// `{"success": false, "error": {"type", "code", "message"}, "meta": {"request_id": …}}`.
struct ConerixReply: Sendable {
    var status: Int
    var body: JSONValue
    var headers: HTTPFields = [:]

    /// A success with `data`.
    static func success(_ status: Int, _ data: JSONValue, requestID: String) -> ConerixReply {
        ConerixReply(status: status, body: .object(["success": .bool(true), "data": data, "meta": meta(requestID)]))
    }

    /// An error. Only `rate_limit_error`/`rate_limit_exceeded` is documented [V]; the other types
    /// and codes borrow Stripe's vocabulary, as Conerix's prefixes do [I].
    static func error(_ status: Int, type: String, code: String, message: String, requestID: String) -> ConerixReply {
        ConerixReply(
            status: status,
            body: .object([
                "success": .bool(false),
                "error": .object(["type": .string(type), "code": .string(code), "message": .string(message)]),
                "meta": meta(requestID),
            ]))
    }

    /// A 422 `invalid_request_error` [I: the status is not documented; 422 as the Laravel-style
    /// `+00:00` timestamps suggest a Laravel backend, whose validation answers 422].
    static func invalid(_ code: String, _ message: String, requestID: String) -> ConerixReply {
        error(422, type: "invalid_request_error", code: code, message: message, requestID: requestID)
    }

    private static func meta(_ requestID: String) -> JSONValue { .object(["request_id": .string(requestID)]) }

    /// The HTTP response, with `X-Request-Id` [V] added.
    func response(requestID: String) -> Response {
        var fields = headers
        fields[HTTPField.Name("X-Request-Id")!] = requestID
        return .json(status, body, headers: fields)
    }
}
