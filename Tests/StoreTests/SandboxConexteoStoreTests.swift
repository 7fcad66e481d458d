import Foundation
import SandboxStore
import Storage
import Testing

@Suite("Conexteo sends, templates and replies on every backend")
struct SandboxConexteoStoreTests {
    static let start = Date(timeIntervalSince1970: 1_790_000_000)

    func message(_ id: String, to: String = "+33612345678", from: String = "ACME", externalID: String? = nil, at seconds: TimeInterval = 0)
        -> SandboxMessage
    {
        SandboxMessage(
            id: id, to: to, from: from, body: "Hello", encoding: "GSM-7", segments: 1, status: "accepted",
            externalID: externalID, createdAt: Self.start.addingTimeInterval(seconds))
    }

    func send(_ id: String, channel: SandboxConexteoSend.Channel = .sms, scheduleAt: Date? = nil, credits: Int = 2, at seconds: TimeInterval = 0)
        -> SandboxConexteoSend
    {
        SandboxConexteoSend(
            id: id, channel: channel, content: "Hello", sender: "ACME", state: scheduleAt == nil ? .sent : .scheduled,
            recipientsCount: 2, creditsRequired: credits, smsCount: credits, scheduleAt: scheduleAt,
            createdAt: Self.start.addingTimeInterval(seconds))
    }

    func debit(_ amount: Int) -> SandboxDebit { .init(account: "conexteo", amount: amount, startingBalance: 100) }

    @Test("a send record is stored with its messages, linked and on its channel; a reused key stores neither", arguments: SandboxKind.allCases)
    func sendRecords(kind: SandboxKind) async throws {
        let opened = try await kind.open()
        defer { opened.remove() }
        let store = opened.store
        let first = try await store.recordSandboxSend(
            [message("sbx_a", externalID: "k"), message("sbx_b", to: "+33712345678")], debit: debit(2),
            conexteoSend: send("sbx_a"))
        #expect(first == .inserted([message("sbx_a", externalID: "k"), message("sbx_b", to: "+33712345678")], creditsRemaining: 98))
        let again = try await store.recordSandboxSend([message("sbx_c", externalID: "k")], debit: debit(1), conexteoSend: send("sbx_c"))
        #expect(again == .alreadyProcessed(message("sbx_a", externalID: "k")))
        #expect(try await store.sandboxConexteoSend(id: "sbx_c") == nil)
        // The old call shape still works, and its messages belong to no send.
        _ = try await store.recordSandboxSend([message("sbx_d", at: 5)])
        #expect(try await store.sandboxMessages().map(\.id) == ["sbx_a", "sbx_b", "sbx_d"])
        #expect(try await store.sandboxConexteoSend(id: "sbx_a") == send("sbx_a"))

        let sms = try await store.sandboxConexteoRecipients(sendID: "sbx_a", channel: .sms, offset: 1, limit: 10)
        #expect(sms.messages.map(\.id) == ["sbx_b"])
        #expect(sms.total == 2)
        #expect(try await store.sandboxConexteoRecipients(sendID: "sbx_a", channel: .rcs, offset: 0, limit: 10).total == 0)

        _ = try await store.recordSandboxSend([message("sbx_r", at: 10)], conexteoSend: send("sbx_r", channel: .rcs, at: 10))
        #expect(try await store.sandboxConexteoRecipients(sendID: "sbx_r", channel: .rcs, offset: 0, limit: 10).total == 1)
        let page = try await store.sandboxConexteoSends(offset: 0, limit: 1)
        #expect(page.sends.map(\.id) == ["sbx_r"])
        #expect(page.total == 2)
    }

    @Test("only a send still scheduled can be cancelled; the cancel refunds its credits once", arguments: SandboxKind.allCases)
    func cancel(kind: SandboxKind) async throws {
        let opened = try await kind.open()
        defer { opened.remove() }
        let store = opened.store
        let later = Self.start.addingTimeInterval(3600)
        _ = try await store.recordSandboxSend(
            [message("sbx_s"), message("sbx_t", to: "+33712345678")], debit: debit(2), conexteoSend: send("sbx_s", scheduleAt: later))
        _ = try await store.recordSandboxSend([message("sbx_n")], debit: debit(2), conexteoSend: send("sbx_n"))
        #expect(try await store.sandboxCredits(account: "conexteo", startingBalance: 100) == 96)

        #expect(try await store.cancelSandboxConexteoSend(id: "sbx_missing", at: Self.start, refundTo: "conexteo", startingBalance: 100) == .notFound)
        let sent = try await store.cancelSandboxConexteoSend(id: "sbx_n", at: Self.start, refundTo: "conexteo", startingBalance: 100)
        #expect(sent == .notCancellable(send("sbx_n")))
        // Past its time, a scheduled send has gone out.
        let due = try await store.cancelSandboxConexteoSend(
            id: "sbx_s", at: later, refundTo: "conexteo", startingBalance: 100)
        #expect(due == .notCancellable(send("sbx_s", scheduleAt: later)))

        let now = Self.start.addingTimeInterval(60)
        guard case .cancelled(let cancelled, let refunded, let remaining) = try await store.cancelSandboxConexteoSend(
            id: "sbx_s", at: now, refundTo: "conexteo", startingBalance: 100)
        else {
            Issue.record("the scheduled send was not cancelled")
            return
        }
        #expect(cancelled.state == .cancelled)
        #expect(cancelled.cancelledAt == now)
        #expect(refunded == 2)
        #expect(remaining == 98)
        #expect(try await store.sandboxConexteoSend(id: "sbx_s")?.state == .cancelled)
        #expect(try await store.sandboxMessages().filter { $0.id == "sbx_s" || $0.id == "sbx_t" }.map(\.status) == ["cancelled", "cancelled"])
        let twice = try await store.cancelSandboxConexteoSend(id: "sbx_s", at: now, refundTo: "conexteo", startingBalance: 100)
        #expect(twice == .notCancellable(cancelled))
        #expect(try await store.sandboxCredits(account: "conexteo", startingBalance: 100) == 98)
    }

    @Test("templates keep their kind and are seen by another opening of the database", arguments: SandboxKind.allCases)
    func templates(kind: SandboxKind) async throws {
        let opened = try await kind.open()
        defer { opened.remove() }
        var sms: SandboxConexteoTemplate
        var rcs: SandboxConexteoTemplate
        do {
            let store = opened.store
            sms = try await store.insertSandboxConexteoTemplate(
                SandboxConexteoTemplate(kind: .sms, name: "A", content: "Hi", sender: "ACME", createdAt: Self.start))
            rcs = try await store.insertSandboxConexteoTemplate(
                SandboxConexteoTemplate(kind: .rcs, name: "R", rcsType: "text", rcsText: "Hi", createdAt: Self.start))
        }
        let store = try opened.another()
        let smsID = try #require(sms.id)
        let rcsID = try #require(rcs.id)
        #expect(smsID != rcsID)
        #expect(try await store.sandboxConexteoTemplates(kind: .sms) == [sms])
        #expect(try await store.sandboxConexteoTemplates(kind: .rcs) == [rcs])
        #expect(try await store.sandboxConexteoTemplate(id: smsID, kind: .rcs) == nil)
        sms.content = "Bonjour"
        #expect(try await store.updateSandboxConexteoTemplate(sms))
        #expect(try await store.sandboxConexteoTemplate(id: smsID, kind: .sms)?.content == "Bonjour")
        var wrongKind = rcs
        wrongKind.kind = .sms
        #expect(try await store.updateSandboxConexteoTemplate(wrongKind) == false)
        #expect(try await store.deleteSandboxConexteoTemplate(id: rcsID, kind: .sms) == false)
        #expect(try await store.deleteSandboxConexteoTemplate(id: rcsID, kind: .rcs))
        #expect(try await store.sandboxConexteoTemplates(kind: .rcs).isEmpty)
    }

    @Test("an injected reply answers the latest message to its number, from the sender given", arguments: SandboxKind.allCases)
    func injectedReplies(kind: SandboxKind) async throws {
        let opened = try await kind.open()
        defer { opened.remove() }
        let store = opened.store
        _ = try await store.insertSandboxMessage(message("sbx_1", from: "ACME", at: 1))
        _ = try await store.insertSandboxMessage(message("sbx_2", from: "SHOP", at: 2))
        let latest = try await store.injectSandboxReply(from: "+33612345678", body: "Oui", receivedAt: Self.start)
        #expect(latest.to == "SHOP")
        #expect(latest.inReplyTo == "sbx_2")
        let toACME = try await store.injectSandboxReply(from: "+33612345678", body: "Non", to: "ACME", receivedAt: Self.start)
        #expect(toACME.inReplyTo == "sbx_1")
        let stranger = try await store.injectSandboxReply(from: "+33799999999", body: "Qui ?", receivedAt: Self.start)
        #expect(stranger.to == "MOONWIRE")
        #expect(stranger.inReplyTo == nil)
        #expect(try await store.sandboxRepliesNewestFirst(offset: 0, limit: 2).replies.map(\.body) == ["Qui ?", "Non"])
        let rest = try await store.sandboxRepliesNewestFirst(offset: 2, limit: 2)
        #expect(rest.replies.map(\.id) == [latest.id])
        #expect(rest.total == 3)
    }
}
