import Foundation
import Hummingbird
import Providers
import SMSCore
import Storage
import SandboxStore

extension ConexteoAPI {
    /// `POST /messages/sms/contactlist` (and the legacy `POST /messages/contactlist`): sends to
    /// every contact of the lists, once per number (repeats counted in `doublons`), skipping
    /// stopped numbers (counted in `stops`); answered like the manual send, 409 on a reused
    /// `external_id`, 404 for an unknown list, 400 when no number is left [I].
    /// `?resumeBefore=true` answers the cost without sending.
    func sendToContactLists(_ request: Request) async -> Response {
        var request = request
        let parsed: ConexteoListSend
        do throws(ConexteoSend.Invalid) {
            parsed = try ConexteoListSend(try? await request.jsonBody())
        } catch {
            return ConexteoReply.badRequest(error.messages)
        }
        let numbers: [String]
        let stopped: Set<String>
        do throws(StorageError) {
            let missing = try await store.missingSandboxContactLists(among: parsed.listIDs)
            if !missing.isEmpty {
                return ConexteoReply.unknownID(
                    "Contact list \(missing.map(String.init).joined(separator: ", ")) does not exist")
            }
            numbers = try await store.sandboxContactNumbers(listIDs: parsed.listIDs)
            stopped = try await store.sandboxStoppedRecipients(among: numbers)
        } catch {
            return ConexteoReply.storeFailed(error.message)
        }
        var seen = Set<String>()
        let unique = numbers.filter { seen.insert($0).inserted }
        let duplicates = numbers.count - unique.count
        let recipients = unique.filter { !stopped.contains($0) }
        let stops = unique.count - recipients.count
        guard !recipients.isEmpty else {
            return ConexteoReply.badRequest([
                "contactlist: no number to send to (the lists hold \(unique.count) distinct number(s), \(stops) of them stopped)"
            ])
        }
        var records: [SandboxMessage] = []
        for (index, recipient) in recipients.enumerated() {
            // Stored numbers are E.164 already; what can fail here is the external id (its length,
            // control characters), checked as every send checks it.
            let message: OutboundMessage
            do throws(SMSCoreError) {
                message = try OutboundMessage(
                    to: try PhoneNumber.parse(recipient), content: parsed.content, externalID: parsed.externalID)
            } catch {
                return ConexteoReply.badRequest([error.message])
            }
            records.append(
                SandboxMessage(
                    id: SandboxMessage.makeID(), to: message.to.e164,
                    from: message.from?.value ?? SandboxProvider.defaultSender, body: message.body,
                    encoding: message.segmentation.encoding.rawValue, segments: message.segmentation.segments,
                    status: "accepted",
                    // One send, one key: the first recipient's row carries it (the column is unique).
                    externalID: index == 0 ? parsed.externalID : nil, createdAt: clock.now()))
        }
        let smsCount = records.reduce(0) { $0 + $1.segments }
        if request.uri.queryParameters.get("resumeBefore") == "true" {
            do throws(StorageError) {
                let balance = try await store.sandboxCredits(account: Self.account, startingBalance: Self.startingCredits)
                return .json(
                    200,
                    Self.sendBody(
                        message: "Summary", messageID: .null, used: 0, required: smsCount, remaining: balance,
                        missing: max(0, smsCount - balance), recipients: records.count, smsCount: smsCount,
                        duplicates: duplicates, stops: stops))
            } catch {
                return ConexteoReply.storeFailed(error.message)
            }
        }
        let send = SandboxConexteoSend(
            id: records[0].id, channel: .sms, content: records[0].body, sender: records[0].from, state: .sent,
            recipientsCount: records.count, creditsRequired: smsCount, smsCount: smsCount, externalID: parsed.externalID,
            createdAt: clock.now())
        return await record(records, as: send, duplicates: duplicates, stops: stops)
    }
}
