import SMSCore

extension ConexteoClient {
    /// `POST /messages/rcs` ("Send RCS") [V: the fields, from the n8n node]: a text, a card or a
    /// carousel, with an optional SMS for handsets without RCS. Carries an `external_id` like every
    /// send, so a retry is safe [I: the seed documents it for all message creation].
    /// - Parameters:
    ///   - externalID: the dedup key; one is generated when nil, and the same key is sent on every retry.
    /// - Returns: Conexteo's answer, read as the SMS send's [I: the RCS answer is not public], or
    ///   `alreadyProcessed` when the key was used before (409).
    /// - Throws: `invalid_request` when Conexteo refuses the content (a card without media, a
    ///   button without a valid URL or number, too many buttons or cards…).
    public func sendRCS(
        to recipients: [PhoneNumber], content: ConexteoRCSContent, fallback: ConexteoRCSFallback? = nil,
        externalID: String? = nil
    ) async throws(ProviderError) -> ConexteoSendOutcome {
        let key = externalID ?? makeExternalID()
        let payload = ConexteoRCSRequest(
            content: content, recipients: recipients.map(\.e164), fallback: fallback, externalID: key)
        return try await keyedSend("/messages/rcs", body: payload, key: key, operation: "RCS send")
    }
}

extension ConexteoClient: RCSProvider {
    public func sendRCS(_ message: RCSMessage) async throws(ProviderError) -> SendReceipt {
        let number: PhoneNumber
        do throws(SMSCoreError) {
            number = try PhoneNumber.parse(message.to)
        } catch {
            throw ProviderError(code: error.code.rawValue, message: error.message, provider: "conexteo", operation: "RCS send")
        }
        let outcome = try await sendRCS(
            to: [number], content: message.content, fallback: message.fallback, externalID: message.externalID)
        return SendReceipt(
            id: outcome.response?.messageID ?? outcome.externalID,
            status: outcome.alreadyProcessed ? "already_processed" : "accepted", to: message.to,
            from: message.fallback?.sender ?? "", segments: 1, encoding: "RCS", externalID: outcome.externalID,
            createdAt: wallClock(), alreadyProcessed: outcome.alreadyProcessed)
    }
}
