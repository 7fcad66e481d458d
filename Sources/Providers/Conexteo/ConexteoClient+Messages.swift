import Foundation
import SMSCore

extension ConexteoClient {
    /// `POST /messages/sms/dynamic` ("Dynamic send"): one message per recipient, each with the
    /// `#name#` variables of `body` filled in from that recipient's ``ConexteoDynamicRecipient/variables``
    /// [G: the route and the recipient objects; I: the `#name#` syntax].
    /// - Parameters:
    ///   - body: the text, e.g. `Bonjour #prenom#, votre code est #code#`.
    ///   - externalID: the dedup key; one is generated when nil, and the same key is sent on every retry.
    ///   - scheduleAt: send later (UTC ISO 8601 on the wire).
    /// - Returns: Conexteo's answer, or `alreadyProcessed` when the key was used before (409).
    /// - Throws: `invalid_request` when a recipient names a variable `recipient` (the field that
    ///   carries its number), or when Conexteo refuses the send (an unknown variable, a bad number…).
    public func sendDynamicSMS(
        to recipients: [ConexteoDynamicRecipient], body: String, from: SenderID? = nil, externalID: String? = nil,
        scheduleAt: Date? = nil
    ) async throws(ProviderError) -> ConexteoSendOutcome {
        if let index = recipients.firstIndex(where: { $0.variables["recipient"] != nil }) {
            throw ProviderError(
                code: "invalid_request",
                message: "recipient \(index) (\(recipients[index].number.e164)) has a variable named \"recipient\", "
                    + "the field Conexteo reads the number from: rename the variable and its #recipient# in the text",
                provider: name, operation: "dynamic send")
        }
        let key = externalID ?? makeExternalID()
        let payload = ConexteoDynamicSMSRequest(
            content: body, recipients: recipients, sender: from?.value, externalID: key,
            scheduleAt: scheduleAt.map { $0.formatted(.iso8601) })
        return try await keyedSend("/messages/sms/dynamic", body: payload, key: key, operation: "dynamic send")
    }

    /// Conexteo's "File send" (Messages › SMS › File send, schema `MessagesFileUploadDto`), which
    /// Moonwire cannot make: it is a multipart upload whose fields and file format are not public.
    /// - Throws: always `not_supported`, saying what to use instead.
    public func sendSMSFile(
        _ contents: [UInt8], fileName: String, body: String, from: SenderID? = nil
    ) async throws(ProviderError) -> ConexteoSendOutcome {
        throw ProviderError(
            code: "not_supported",
            message: "Conexteo's file send takes a multipart upload whose fields and file format are not "
                + "public, so Moonwire cannot build it (\(fileName) was not sent): read the numbers from the file "
                + "and call sendSMS(to:body:) with them, or add them to a contact list and use the contact-list send",
            provider: name, operation: "file send")
    }

    /// `GET /messages` ("Messages history"): every send, newest first, read a page at a time [G].
    public func messages(pageSize: Int = 100) -> ConexteoPages<ConexteoMessage> {
        pages("/messages", operation: "message history", pageSize: pageSize)
    }

    /// `GET /messages/:id` ("Message details") [I: the path]: the send whose `message_id` is `id`.
    /// - Throws: `not_found` when Conexteo knows no such send.
    public func message(id: String) async throws(ProviderError) -> ConexteoMessage {
        try await get("/messages/\(Self.escapedPathID(id))", operation: "message details")
    }

    /// `PUT /messages/:id/cancel` ("Cancel a message") [I: the path and the answer]: stops a
    /// send scheduled for later; its credits go back to the account [I].
    /// - Throws: `conflict` when the send already went out or was already cancelled;
    ///   `not_found` when there is no such send.
    public func cancelMessage(id: String) async throws(ProviderError) -> ConexteoCancellation {
        // Idempotent: a second cancel cannot act again (it gets a 409).
        try await call("PUT", "/messages/\(Self.escapedPathID(id))/cancel", operation: "cancel", idempotent: true)
    }

    /// `GET /messages/:id/recipients/sms` ("SMS recipients of a message") [I: the path], a page at a time.
    public func smsRecipients(of id: String, pageSize: Int = 100) -> ConexteoPages<ConexteoMessageRecipient> {
        pages("/messages/\(Self.escapedPathID(id))/recipients/sms", operation: "SMS recipients", pageSize: pageSize)
    }

    /// `GET /messages/:id/recipients/rcs` ("RCS recipients of a message") [I: the path], a page at a time.
    public func rcsRecipients(of id: String, pageSize: Int = 100) -> ConexteoPages<ConexteoMessageRecipient> {
        pages("/messages/\(Self.escapedPathID(id))/recipients/rcs", operation: "RCS recipients", pageSize: pageSize)
    }
}
