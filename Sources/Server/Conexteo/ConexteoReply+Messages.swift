import Hummingbird

extension ConexteoReply {
    /// 404 for an id that names nothing [I: NestJS's NotFoundException body].
    static func unknownResource(_ message: String) -> Response {
        .json(404, .object(["statusCode": .int(404), "message": .string(message), "error": .string("Not Found")]))
    }

    /// 409 for an action the resource's state forbids [I: NestJS's ConflictException body].
    static func conflictingState(_ message: String) -> Response {
        .json(409, .object(["statusCode": .int(409), "message": .string(message), "error": .string("Conflict")]))
    }
}
