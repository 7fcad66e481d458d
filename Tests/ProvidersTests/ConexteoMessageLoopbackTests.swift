import Foundation
import Providers
import SMSCore
import Server
import SandboxStore
import Storage
import StoreSQLite
import Testing
import TestSupport

@Suite struct ConexteoMessageLoopbackTests {
    static let ana = try! PhoneNumber.parse("+33612345678")
    static let bob = try! PhoneNumber.parse("+33712345678")
    static let cleo = try! PhoneNumber.parse("+33611111111")

    @Test func aDynamicSendFillsInEachRecipientsVariables() async throws {
        try await Loopback.run { h in
            let outcome = try await h.conexteo().sendDynamicSMS(
                to: [
                    ConexteoDynamicRecipient(number: Self.ana, variables: ["prenom": "Ana", "code": "4821"]),
                    ConexteoDynamicRecipient(number: Self.bob, variables: ["prenom": "Bob", "code": "1234"]),
                ],
                body: "Bonjour #prenom#, votre code : #code##STOP_XXX#", from: SenderID.parse("ACME"),
                externalID: "dyn-1")
            let response = try #require(outcome.response)
            #expect(!outcome.alreadyProcessed)
            #expect(response.recipientsCount == 2)
            let stored = try await h.store.sandbox().sandboxMessages()
            #expect(Set(stored.map(\.body)) == [
                "Bonjour Ana, votre code : 4821#STOP_XXX#", "Bonjour Bob, votre code : 1234#STOP_XXX#",
            ])
            #expect(h.attempts.first?.contains("/conexteo/messages/sms/dynamic") == true)
            // The history keeps the template, not one recipient's text.
            let send = try await h.conexteo().message(id: response.messageID)
            #expect(send.content == "Bonjour #prenom#, votre code : #code##STOP_XXX#")
            #expect(send.recipientsCount == 2)
        }
    }

    @Test func aDynamicSendWithAReusedKeyIsAlreadyProcessed() async throws {
        try await Loopback.run { h in
            let client = h.conexteo()
            let recipients = [ConexteoDynamicRecipient(number: Self.ana, variables: ["prenom": "Ana"])]
            let first = try await client.sendDynamicSMS(to: recipients, body: "Salut #prenom#", externalID: "dyn-7")
            let second = try await client.sendDynamicSMS(to: recipients, body: "Salut #prenom#", externalID: "dyn-7")
            #expect(!first.alreadyProcessed)
            #expect(second.alreadyProcessed)
            #expect(second.response == nil)
            #expect(try await h.store.sandbox().sandboxMessages().count == 1)
            #expect(try await client.messages().collect().count == 1)
        }
    }

    @Test func anUnknownVariableIsRefusedNamingIt() async throws {
        try await Loopback.run { h in
            let error = try await #require(throws: ProviderError.self) {
                try await h.conexteo().sendDynamicSMS(
                    to: [ConexteoDynamicRecipient(number: Self.ana, variables: ["prenom": "Ana"])],
                    body: "Bonjour #prenom#, code #code#")
            }
            #expect(error.code == "invalid_request")
            #expect(error.httpStatus == 400)
            #expect(error.operation == "dynamic send")
            #expect(error.message.contains("#code#"))
            #expect(try await h.store.sandbox().sandboxMessages().isEmpty)
        }
    }

    @Test func aVariableNamedRecipientIsRefusedBeforeSending() async throws {
        try await Loopback.run { h in
            let error = try await #require(throws: ProviderError.self) {
                try await h.conexteo().sendDynamicSMS(
                    to: [ConexteoDynamicRecipient(number: Self.ana, variables: ["recipient": "x"])], body: "Hi #recipient#")
            }
            #expect(error.code == "invalid_request")
            #expect(error.message.contains("recipient"))
            #expect(h.attempts.isEmpty)
        }
    }

    @Test func theFileSendIsNotSupportedAndSaysWhatToUse() async throws {
        try await Loopback.run { h in
            let error = try await #require(throws: ProviderError.self) {
                try await h.conexteo().sendSMSFile(Array("+33612345678\n".utf8), fileName: "numbers.csv", body: "Hi")
            }
            #expect(error.code == "not_supported")
            #expect(error.provider == "conexteo")
            #expect(error.operation == "file send")
            #expect(error.message.contains("sendSMS"))
            #expect(error.message.contains("contact-list send"))
            #expect(!error.retryable)
            #expect(h.attempts.isEmpty)
        }
    }

    @Test func theHistoryListsEverySendNewestFirstAcrossPages() async throws {
        try await Loopback.run(clock: ManualTimeSource(Date(timeIntervalSince1970: 1_790_000_000))) { h in
            let client = h.conexteo()
            var ids: [String] = []
            for index in 0..<5 {
                let outcome = try await client.sendSMS(to: [Self.ana], body: "Message \(index)", from: SenderID.parse("ACME"))
                ids.append(try #require(outcome.response?.messageID))
            }
            var rows: [ConexteoMessage] = []
            for try await row in client.messages(pageSize: 2) { rows.append(row) }
            #expect(rows.map(\.id) == ids.reversed())
            #expect(rows.map(\.content) == (0..<5).reversed().map { "Message \($0)" })
            #expect(rows.allSatisfy { $0.state == "sent" && $0.messageType == "SMS" && $0.sender == "ACME" })
            #expect(rows.allSatisfy { $0.recipientsCount == 1 && $0.creditsRequired == 1 })
            #expect(rows.first?.scheduledAt == Date(timeIntervalSince1970: 1_790_000_000))
            // Three pages of 2, 2 and 1 rows.
            let reads = h.logs.recorded.filter { $0.contains("→ GET") && $0.contains("/conexteo/messages") }
            #expect(reads.count == 3)
        }
    }

    @Test func messageDetailsRoundTrip() async throws {
        try await Loopback.run { h in
            let client = h.conexteo()
            let outcome = try await client.sendSMS(
                to: [Self.ana, Self.bob], body: String(repeating: "a", count: 161), from: SenderID.parse("ACME"),
                externalID: "order-9")
            let id = try #require(outcome.response?.messageID)
            let send = try await client.message(id: id)
            #expect(send.id == id)
            #expect(send.channel == "sms")
            #expect(send.externalID == "order-9")
            #expect(send.recipientsCount == 2)
            #expect(send.creditsRequired == 4)  // two segments each
            #expect(send.createdAt != nil)
            #expect(send.cancelledAt == nil)
            let missing = try await #require(throws: ProviderError.self) { try await client.message(id: "sbx_nope/../x") }
            #expect(missing.code == "not_found")
            #expect(missing.httpStatus == 404)
        }
    }

    @Test func aScheduledSendCanBeCancelledAndItsCreditsComeBack() async throws {
        let clock = ManualTimeSource(Date(timeIntervalSince1970: 1_790_000_000))
        try await Loopback.run(clock: clock) { h in
            let client = h.conexteo()
            let outcome = try await client.sendSMS(
                to: [Self.ana, Self.bob], body: "Demain", scheduleAt: clock.now().addingTimeInterval(3600))
            let id = try #require(outcome.response?.messageID)
            #expect(try await client.credits().first?.credits == 9_998)
            #expect(try await client.message(id: id).state == "scheduled")

            let cancellation = try await client.cancelMessage(id: id)
            #expect(cancellation.messageID == id)
            #expect(cancellation.state == "cancelled")
            #expect(cancellation.creditsRefunded == 2)
            #expect(cancellation.creditsRemaining == 10_000)
            #expect(try await client.credits().first?.credits == 10_000)
            let after = try await client.message(id: id)
            #expect(after.state == "cancelled")
            #expect(after.cancelledAt != nil)
            #expect(try await client.smsRecipients(of: id).collect().map(\.status) == ["cancelled", "cancelled"])

            let again = try await #require(throws: ProviderError.self) { try await client.cancelMessage(id: id) }
            #expect(again.code == "conflict")
            #expect(again.message.contains("already cancelled"))
            #expect(try await client.credits().first?.credits == 10_000)  // refunded once
        }
    }

    @Test func aSendThatWentOutCannotBeCancelled() async throws {
        let clock = ManualTimeSource(Date(timeIntervalSince1970: 1_790_000_000))
        try await Loopback.run(clock: clock) { h in
            let client = h.conexteo()
            let now = try #require(try await client.sendSMS(to: [Self.ana], body: "Now").response?.messageID)
            let sent = try await #require(throws: ProviderError.self) { try await client.cancelMessage(id: now) }
            #expect(sent.code == "conflict")
            #expect(sent.httpStatus == 409)
            #expect(sent.operation == "cancel")
            #expect(sent.message.contains("only a send scheduled in the future can be cancelled"))

            // A scheduled send whose time has passed went out too.
            let later = try #require(
                try await client.sendSMS(to: [Self.ana], body: "Later", scheduleAt: clock.now().addingTimeInterval(60))
                    .response?.messageID)
            clock.advance(by: .seconds(120))
            #expect(try await client.message(id: later).state == "sent")
            let passed = try await #require(throws: ProviderError.self) { try await client.cancelMessage(id: later) }
            #expect(passed.code == "conflict")
            #expect(try await client.smsRecipients(of: later).collect().map(\.status) == ["accepted"])
            #expect(try await client.credits().first?.credits == 9_998)  // nothing refunded
        }
    }

    @Test func smsRecipientsArePagedAndRCSRecipientsOfAnSMSSendAreNone() async throws {
        try await Loopback.run { h in
            let client = h.conexteo()
            let outcome = try await client.sendSMS(to: [Self.ana, Self.bob, Self.cleo], body: "Bonjour")
            let id = try #require(outcome.response?.messageID)
            var rows: [ConexteoMessageRecipient] = []
            for try await row in client.smsRecipients(of: id, pageSize: 2) { rows.append(row) }
            #expect(rows.map(\.recipient) == [Self.ana.e164, Self.bob.e164, Self.cleo.e164])
            #expect(rows.allSatisfy { $0.status == "accepted" && $0.smsCount == 1 && $0.content == "Bonjour" })
            #expect(try await client.rcsRecipients(of: id).collect().isEmpty)
            let missing = try await #require(throws: ProviderError.self) {
                try await client.smsRecipients(of: "sbx_missing").collect()
            }
            #expect(missing.code == "not_found")
        }
    }
}
