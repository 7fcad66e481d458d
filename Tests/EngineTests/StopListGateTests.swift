import Engine
import Foundation
import SMSCore
import Storage
import Testing

/// The stop-list gate is one rule, in the engine's policy, and every path that sends asks it.
@Suite("The stop-list gate")
struct StopListGateTests {
    static func row(_ sendClass: SendClass) -> OutboxRow {
        let now = Date(timeIntervalSince1970: 1_790_000_000)
        return OutboxRow(
            dedupKey: "k", to: "+33612345678", from: nil, body: "Hi", sendClass: sendClass, origin: .script, status: .pending,
            notBefore: now, segments: 1, encoding: .gsm7, createdAt: now)
    }

    @Test(
        "a stopped number gets its opt-out's confirmation and nothing else; a number not stopped gets everything",
        arguments: [
            (SendClass.transactional, true, true), (.marketing, true, true), (.policy, true, false),
            (.transactional, false, false), (.marketing, false, false), (.policy, false, false),
        ])
    func rule(sendClass: SendClass, stopped: Bool, blocked: Bool) {
        #expect(StopListGate().blocks(Self.row(sendClass), recipientStopped: stopped) == blocked)
    }

    @Test("no caller can choose the confirmation's class: a script asking for 'policy' is refused")
    func policyIsNotACallerClass() async throws {
        #expect(SendClass(callerText: "Marketing") == .marketing)
        #expect(SendClass(callerText: "policy") == nil)
        let t = try TestHost()
        defer { t.cleanUp() }
        try await t.run("""
            local ok, err = pcall(sms.send, {to = "+33612345678", body = "Hi", class = "policy"})
            print(ok, err)
            """)
        #expect(t.output.text.hasPrefix("false\t"))
        #expect(t.output.text.contains("field 'class' must be \"transactional\" or \"marketing\", got \"policy\""))
        #expect(try await t.host.store.outboxRows().isEmpty)
    }

    /// Refuses every send to one number, stop list or not: what it blocks shows who asked it.
    struct RefusingGate: SendGate {
        let refused: String
        func blocks(_ row: OutboxRow, recipientStopped: Bool) -> Bool { row.to == refused }
    }

    @Test("every path that sends asks the policy's gate: a send, a flow's send, the due-send loop and an opt-out's confirmation")
    func everyPathAsksThePolicysGate() async throws {
        let refused = "+33600000009"
        let allowed = "+33600000001"
        var policy = SendPolicy()
        policy.gate = RefusingGate(refused: refused)
        let harness = try await FlowHarness(
            plugins: ["hello.lua": #"flows.define("hello", function(flow) flow:send("Bonjour") end)"#], policy: policy)
        defer { harness.test.cleanUp() }

        // sms.send: claimed by the dispatcher as it is queued.
        try await harness.test.run("""
            local m, err = sms.send{to = "\(refused)", body = "Hi"}
            print(m, err.code)
            print(assert(sms.send{to = "\(allowed)", body = "Hi"}).status)
            """)
        #expect(harness.test.output.text == "nil\topted_out\naccepted\n")

        // A flow's send: queued in the journal transaction, then claimed.
        let refusedRun = try FlowHarness.id(try await harness.start("hello", refused))
        let allowedRun = try FlowHarness.id(try await harness.start("hello", allowed))

        // The due-send loop: rows waiting in the outbox, claimed in bulk.
        let now = harness.host.clock.now()
        for (key, to) in [("due-refused", refused), ("due-allowed", allowed)] {
            _ = try await harness.store.enqueueOutbox(
                OutboxRow(
                    dedupKey: key, to: to, from: nil, body: "Later", sendClass: .transactional, origin: .cli, status: .pending,
                    notBefore: now, segments: 1, encoding: .gsm7, createdAt: now))
        }
        #expect(await harness.host.services.dispatcher.dispatchDue() == 2)

        // An opt-out's confirmation: the gate is asked for it too.
        try await harness.reply(from: refused, "STOP")
        try await harness.reply(from: allowed, "STOP")

        let rows = try await harness.store.outboxRows(statuses: nil, limit: 100)
        let refusedRows = rows.filter { $0.to == refused }
        let allowedRows = rows.filter { $0.to == allowed }
        #expect(Set(refusedRows.map(\.origin)) == [.script, .flow(refusedRun), .cli, .policy])
        #expect(refusedRows.allSatisfy { $0.status == .blocked })
        #expect(Set(allowedRows.map(\.origin)) == [.script, .flow(allowedRun), .cli, .policy])
        #expect(allowedRows.allSatisfy { $0.status == .sent })
        #expect(try await harness.sent(to: refused).isEmpty)
        #expect(try await harness.sent(to: allowed).count == 4)
    }
}
