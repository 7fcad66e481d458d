import HTTPTypes
import Hummingbird

extension Response {
    /// A JSON response with `status` and extra `headers`.
    static func json(_ status: Int, _ value: JSONValue, headers: HTTPFields = [:]) -> Response {
        raw(status, bytes: value.bytes, contentType: "application/json; charset=utf-8", headers: headers)
    }

    /// A response with an exact body (fault injection uses it for HTML, invalid JSON or nothing).
    static func raw(_ status: Int, bytes: [UInt8], contentType: String?, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        if let contentType, !bytes.isEmpty { fields[.contentType] = contentType }
        return Response(
            status: HTTPResponse.Status(code: status),
            headers: fields,
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
