import Hummingbird

extension ConexteoAPI {
    /// The multipart form of an upload, or the answer refusing it: 415 when the body is not
    /// `multipart/form-data`, 413 when too large, 400 when malformed.
    static func upload(_ request: Request) async -> Result<MultipartFormData, ConexteoUploadRefusal> {
        guard let boundary = MultipartFormData.boundary(contentType: request.header("Content-Type")) else {
            return .failure(
                ConexteoUploadRefusal(
                    response: .json(
                        415,
                        .object([
                            "statusCode": .int(415),
                            "message": .string(
                                "send the file as multipart/form-data with a boundary (got \(request.header("Content-Type") ?? "no Content-Type"))"),
                            "error": .string("Unsupported Media Type"),
                        ]))))
        }
        let body: [UInt8]
        do {
            let buffer = try await request.body.collect(upTo: Request.maxBodyBytes)
            body = Array(buffer.readableBytesView)
        } catch {
            return .failure(ConexteoUploadRefusal(response: ConexteoReply.bodyTooLarge(limit: Request.maxBodyBytes)))
        }
        do throws(MultipartFormData.Invalid) {
            return .success(try MultipartFormData(body: body, boundary: boundary))
        } catch {
            return .failure(
                ConexteoUploadRefusal(response: ConexteoReply.badRequest(["the multipart body cannot be read: \(error.message)"])))
        }
    }
}
