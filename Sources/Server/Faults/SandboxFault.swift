/// One injected failure, queued by `POST /_sandbox/faults` and used up by the next `count`
/// requests whose path starts with `pathPrefix`.
struct SandboxFault: Sendable, Equatable {
    /// How many more requests this fault applies to.
    var count: Int
    /// The status answered; nil with `pass` (or `drop`).
    var status: Int
    /// Milliseconds to wait before failing (or, with `pass`, before handling the request normally).
    var delayMilliseconds: Int
    /// Close the connection without any response.
    var drop: Bool
    /// The exact response body; empty for none.
    var body: [UInt8]
    /// The response's Content-Type, when there is a body.
    var contentType: String
    /// Requests whose path starts with this are affected, e.g. `/conerix`; `/` for every one.
    var pathPrefix: String
    /// After the delay, handle the request normally (a slow success, which does store).
    var pass: Bool

    /// The fault as `GET /_sandbox/faults` lists it.
    var json: JSONValue {
        .object([
            "count": .int(count), "status": .int(status), "delay_ms": .int(delayMilliseconds), "drop": .bool(drop),
            "body": .string(String(decoding: body, as: UTF8.self)), "content_type": .string(contentType),
            "path_prefix": .string(pathPrefix), "pass": .bool(pass),
        ])
    }
}
