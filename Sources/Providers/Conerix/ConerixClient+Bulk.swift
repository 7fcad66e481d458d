import SMSCore

extension ConerixClient {
    /// `POST /v1/messages/bulk`: one body to many recipients, split into requests of at most
    /// ``maxBulkRecipients``. Never throws: a request that fails marks each of its recipients
    /// failed with the reason, and the other chunks still go out.
    public func bulk(to recipients: [PhoneNumber], body: String, from: SenderID? = nil) async -> ConerixBulkResult {
        var results: [ConerixRecipientResult] = []
        results.reserveCapacity(recipients.count)
        var requests = 0
        var start = 0
        while start < recipients.count {
            let chunk = recipients[start..<min(start + Self.maxBulkRecipients, recipients.count)].map(\.e164)
            start += chunk.count
            requests += 1
            do throws(ProviderError) {
                let payload = ConerixBulkRequest(from: sender(from), recipients: chunk, body: body)
                let request = ProviderRequest(
                    method: "POST", path: "/v1/messages/bulk", body: try http.jsonBody(payload, operation: "bulk"),
                    operation: "bulk", idempotent: false)
                let response = try await http.perform(request)
                let answer = try response.decodeConerix(ConerixBulkAnswer.self)
                results += Self.match(chunk, answer.messages, response: response)
            } catch {
                results += chunk.map { ConerixRecipientResult(to: $0, messageID: nil, status: "failed", error: error) }
            }
        }
        return ConerixBulkResult(recipients: results, requestCount: requests)
    }

    /// Pairs each recipient sent with its item in the answer, by number and then by order, so a
    /// repeated number gets its own item; a recipient the answer omits is reported, not assumed sent.
    static func match(_ chunk: [String], _ items: [ConerixBulkAnswer.Item], response: ProviderResponse) -> [ConerixRecipientResult] {
        var byNumber: [String: [ConerixBulkAnswer.Item]] = [:]
        for item in items { byNumber[item.to, default: []].append(item) }
        return chunk.map { number in
            guard var queue = byNumber[number], !queue.isEmpty else {
                return ConerixRecipientResult(
                    to: number, messageID: nil, status: "unknown",
                    error: response.invalidResponse("the bulk result has no entry for \(number)"))
            }
            let item = queue.removeFirst()
            byNumber[number] = queue
            var error: ProviderError?
            if item.error != nil || item.status == "failed" {
                error = ProviderError(
                    code: item.error?.code ?? "recipient_failed",
                    message: "Conerix did not send to \(number): \(item.error?.message ?? item.status)",
                    httpStatus: response.status, provider: response.provider, operation: response.operation,
                    requestID: response.requestID)
            }
            return ConerixRecipientResult(to: number, messageID: item.id, status: item.status, cost: item.cost, error: error)
        }
    }
}
