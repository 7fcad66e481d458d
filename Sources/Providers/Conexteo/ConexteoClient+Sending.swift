extension ConexteoClient {
    /// POSTs a send carrying the dedup key `key` and reads Conexteo's answer: the send response,
    /// or its 409 "External ID already processed", which is an outcome, never retried. The one
    /// handling for every send route (manual, dynamic, RCS, contact lists).
    func keyedSend(
        _ path: String, body: some Encodable, key: String, operation: String
    ) async throws(ProviderError) -> ConexteoSendOutcome {
        let request = ProviderRequest(
            method: "POST", path: path, body: try http.jsonBody(body, operation: operation), operation: operation,
            idempotent: true, passthroughStatuses: [409])
        let response = try await http.perform(request)
        if response.status == 409 {
            let answer = try? response.decode(ConexteoErrorBody.self)
            guard answer?.isExternalIDAlreadyProcessed == true else {
                var error = ConexteoErrorBody.failure(from: response)
                error.httpStatus = 409
                throw error
            }
            return ConexteoSendOutcome(externalID: key, alreadyProcessed: true, response: nil)
        }
        let answer = try response.decode(ConexteoSendResponse.self)
        if answer.success == false {
            throw ProviderError(
                code: "rejected", message: "Conexteo did not accept the \(operation): \(answer.message ?? "no reason given")",
                httpStatus: response.status, provider: name, operation: operation, requestID: response.requestID)
        }
        return ConexteoSendOutcome(externalID: key, alreadyProcessed: false, response: answer)
    }

    /// `id` escaped for use as one path segment (ids come from callers and may hold `/` or `?`).
    static func escapedPathID(_ id: String) -> String {
        let unreserved = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~".utf8)
        let hex = Array("0123456789ABCDEF")
        var escaped = ""
        for byte in id.utf8 {
            if unreserved.contains(byte) {
                escaped.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                escaped += "%\(hex[Int(byte >> 4)])\(hex[Int(byte & 0x0F)])"
            }
        }
        return escaped
    }
}
