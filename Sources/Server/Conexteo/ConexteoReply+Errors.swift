import Hummingbird

extension ConexteoReply {
    /// 404 for an id that names nothing [I: NestJS's NotFoundException body].
    static func unknownID(_ message: String) -> Response {
        .json(404, .object(["statusCode": .int(404), "message": .string(message), "error": .string("Not Found")]))
    }

    /// 409 for a value that must be unique and is taken, or an action the resource's state
    /// forbids [I: NestJS's ConflictException body].
    static func conflict(_ message: String) -> Response {
        .json(409, .object(["statusCode": .int(409), "message": .string(message), "error": .string("Conflict")]))
    }

    /// 413 for a request body above the sandbox's limit, naming it.
    static func requestTooLarge(limit: Int) -> Response {
        .json(
            413,
            .object([
                "statusCode": .int(413),
                "message": .string(
                    "The request body is larger than the sandbox reads (\(limit / 1024 / 1024) MiB, \(limit) bytes): "
                        + "send fewer recipients or a shorter content per request"),
                "error": .string("Payload Too Large"),
            ]))
    }

    /// 413 for an upload above the sandbox's limit.
    static func bodyTooLarge(limit: Int) -> Response {
        .json(
            413,
            .object([
                "statusCode": .int(413),
                "message": .string("The upload is larger than the sandbox reads (\(limit / 1024 / 1024) MiB): split the file"),
                "error": .string("Payload Too Large"),
            ]))
    }
}
