import Foundation
import SMSCore

extension ConexteoClient {
    /// `POST /messages/sms/contactlist`: sends `body` to every contact of the lists `ids` [G].
    /// Conexteo sends once per number (repeats counted in ``ConexteoSendResponse/duplicates``)
    /// and skips stopped numbers (counted in ``ConexteoSendResponse/stops``).
    /// - Parameters:
    ///   - externalID: the dedup key; one is generated when nil, and the same key is sent on every
    ///     retry, so a retried send is answered 409 rather than sent twice.
    ///   - scheduleAt: send later (Conexteo's `scheduleAt`, UTC ISO 8601).
    /// - Returns: Conexteo's answer, or ``ConexteoSendOutcome/alreadyProcessed`` when the key was
    ///   used before (a success: nothing was sent now).
    public func sendToContactLists(
        _ ids: [Int], body: String, from: SenderID? = nil, externalID: String? = nil, scheduleAt: Date? = nil
    ) async throws(ProviderError) -> ConexteoSendOutcome {
        let operation = "send to contact lists"
        let key = externalID ?? makeExternalID()
        let payload = ConexteoContactListSendRequest(
            content: body, contactList: ids, sender: from?.value, externalID: key,
            scheduleAt: scheduleAt.map { $0.formatted(.iso8601) })
        return try await keyedSend("/messages/sms/contactlist", body: payload, key: key, operation: operation)
    }
}
