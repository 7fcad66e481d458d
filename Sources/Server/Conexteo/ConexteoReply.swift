import Hummingbird

/// Conexteo's error bodies. Only the 409 is documented [V]; the others are NestJS's defaults
/// (`{statusCode, message, error}`), the backend Conexteo's operation ids suggest [I].
enum ConexteoReply {
    /// 409 on a reused `external_id`: the seed's exact body [V].
    static let alreadyProcessed = Response.json(
        409, .object(["status": .int(409), "error": .string("External ID already processed")]))

    /// 401 for a missing or wrong `X-API-KEY` / `X-APP-ID` [I: NestJS's UnauthorizedException].
    static let unauthorized = Response.json(
        401, .object(["statusCode": .int(401), "message": .string("Unauthorized")]))

    /// 400 with every validation message, as NestJS's ValidationPipe answers [I].
    static func badRequest(_ messages: [String]) -> Response {
        .json(
            400,
            .object([
                "statusCode": .int(400), "message": .array(messages.map { .string($0) }),
                "error": .string("Bad Request"),
            ]))
    }

    /// 402 when the balance does not cover a send [I: status and wording are not public].
    static func paymentRequired(required: Int, available: Int) -> Response {
        .json(
            402,
            .object([
                "statusCode": .int(402),
                "message": .string(
                    "Not enough credits: this send needs \(required) and the account has \(available); "
                        + "add credits and send again"),
                "error": .string("Payment Required"),
            ]))
    }

    /// 500 when the sandbox's own store fails.
    static func storeFailed(_ message: String) -> Response {
        .json(
            500,
            .object([
                "statusCode": .int(500), "message": .string("The sandbox could not store the request: \(message)"),
                "error": .string("Internal Server Error"),
            ]))
    }
}
