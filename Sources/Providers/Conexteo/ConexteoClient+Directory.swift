import Foundation

extension ConexteoClient {
    /// Reads a `{success, message}` answer (or an empty one, which some deletes may send [I]) and
    /// turns `success: false` into an error.
    func acknowledgement(_ response: ProviderResponse) throws(ProviderError) -> ConexteoAcknowledgement {
        let body = response.text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !body.isEmpty else { return ConexteoAcknowledgement() }
        let answer = try response.decode(ConexteoAcknowledgement.self)
        if answer.success == false {
            throw ProviderError(
                code: "rejected",
                message: "Conexteo did not \(response.operation): \(answer.message ?? "no reason given")",
                httpStatus: response.status, provider: name, operation: response.operation, requestID: response.requestID)
        }
        return answer
    }

    /// A request without a body answered by `{success, message}`.
    func acknowledged(_ method: String, _ path: String, operation: String) async throws(ProviderError) -> ConexteoAcknowledgement {
        let request = ProviderRequest(method: method, path: path, operation: operation, idempotent: true)
        return try acknowledgement(try await http.perform(request))
    }

    /// A `multipart/form-data` upload of `file` (field `file`), plus `fields`, decoded as `T`.
    /// Never repeated once it may have arrived: an upload carries no dedup key.
    func upload<T: Decodable>(
        _ path: String, file: [UInt8], filename: String, fields: [(name: String, value: String)] = [],
        operation: String, as type: T.Type = T.self
    ) async throws(ProviderError) -> T {
        var form = MultipartBody()
        for field in fields { form.addField(field.name, field.value) }
        form.addFile("file", filename: filename, contentType: Self.mediaType(of: filename), content: file)
        // Encoded first: encoding may pick a new boundary, which the content type must then announce.
        let body = form.encoded()
        let request = ProviderRequest(
            method: "POST", path: path, body: body, contentType: form.contentType, operation: operation, idempotent: false)
        return try await http.perform(request).decode(T.self)
    }

    /// The media type announced for an uploaded file, from its extension.
    static func mediaType(of filename: String) -> String {
        filename.lowercased().hasSuffix(".csv") ? "text/csv" : "text/plain"
    }
}
