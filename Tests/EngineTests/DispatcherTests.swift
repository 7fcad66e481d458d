import Engine
import Foundation
import GRDB
import LuaKit
import Providers
import SMSCore
import SandboxStore
import Storage
import StoreSQLite
import Testing

@Suite("Outbox and dispatcher")
struct DispatcherTests {
    /// Sunday 22 November 2026, 15:00 in Paris.
    static let sunday = try! Date("2026-11-22T15:00:00+01:00", strategy: .iso8601)

    @Test("every send commits an outbox row with its key; the same key twice sends once")
    func outboxAndDedup() async throws {
        let t = try TestHost()
        defer { t.cleanUp() }
        try await t.run("""
            local a = assert(sms.send{to = "+33612345678", body = "Hi", external_id = "k-1"})
            local b = assert(sms.send{to = "+33612345678", body = "Hi", external_id = "k-1"})
            print(a.status, a.external_id, a.already_processed, b.already_processed, a.id == b.id)
            """)
        #expect(t.output.text == "accepted\tk-1\tnil\ttrue\ttrue\n")
        let rows = try await t.host.store.outboxRows()
        #expect(rows.map(\.dedupKey) == ["k-1"])
        #expect(rows.first?.status == .sent)
        #expect(try await t.host.services.sandbox().sandboxMessages().count == 1)
    }

    @Test("hundreds of sends in a row are all accepted at once (none left waiting)")
    func quickSuccession() async throws {
        let t = try TestHost()
        defer { t.cleanUp() }
        try await t.run("""
            local accepted = 0
            for i = 1, 300 do
              local m = assert(sms.send{to = string.format("+336%08d", i), body = "x"})
              if m.status == "accepted" then accepted = accepted + 1 end
            end
            print(accepted)
            """)
        #expect(t.output.text == "300\n")
        #expect(try await t.host.store.outboxCounts() == [.sent: 300])
    }

    @Test("a marketing send on Sunday is deferred to Monday 08:00 Paris; a transactional one is sent")
    func sendWindow() async throws {
        let clock = ManualTimeSource(Self.sunday)
        let t = try TestHost(clock: clock)
        defer { t.cleanUp() }
        try await t.run("""
            local m = assert(sms.send{to = "+33612345678", body = "Soldes", class = "marketing"})
            print(m.status, m.send_at, m.id)
            local n = assert(sms.send{to = "+33612345679", body = "Code 4242"})
            print(n.status)
            local b = assert(sms.bulk{to = {"+33612345670", "+33612345671"}, body = "Promo"})
            print(b.total, b.deferred, b.sent)
            """)
        #expect(t.output.text == "deferred\t2026-11-23T07:00:00Z\tnil\naccepted\n2\t2\t0\n")
        #expect(try await t.host.services.sandbox().sandboxMessages().count == 1)
        // Nothing is due until the window opens; then the dispatcher sends all three.
        #expect(await t.host.services.dispatcher.dispatchDue() == 0)
        clock.advance(by: .seconds(17 * 3600))  // Monday 08:00
        #expect(await t.host.services.dispatcher.dispatchDue() == 3)
        #expect(try await t.host.services.sandbox().sandboxMessages().count == 4)
    }

    @Test("a reused key sends the stored row, never the new call's text to the new call's (opted-out) number")
    func reusedKeySendsTheStoredRow() async throws {
        let clock = ManualTimeSource(Self.sunday)
        let t = try TestHost(clock: clock)
        defer { t.cleanUp() }
        try await t.run(#"assert(sms.send{to = "+33612345678", body = "Hello A", class = "marketing", external_id = "k1"})"#)
        clock.advance(by: .seconds(18 * 3600))  // Monday 09:00: the deferred row is due
        try await t.run("""
            stops.add("+33699999999")
            local m = assert(sms.send{to = "+33699999999", body = "Hello B", external_id = "k1"})
            print(m.to, m.status)
            """)
        #expect(t.output.text == "+33612345678\taccepted\n")
        #expect(try await t.host.services.sandbox().sandboxMessages().map { [$0.to, $0.body] } == [["+33612345678", "Hello A"]])
    }

    @Test("a marketing send that falls due again outside the window (a retry, a recovered crash) waits for the opening")
    func retryOutsideTheWindow() async throws {
        let t = try TestHost(clock: ManualTimeSource(Self.sunday))
        defer { t.cleanUp() }
        // As a retry leaves it: pending, due now, on a Sunday.
        let row = OutboxRow(
            dedupKey: "retry-1", to: "+33612345678", from: nil, body: "Soldes", sendClass: .marketing, origin: .script,
            status: .pending, notBefore: Self.sunday, segments: 1, encoding: .gsm7, createdAt: Self.sunday)
        _ = try await t.host.store.enqueueOutbox(row)
        #expect(await t.host.services.dispatcher.dispatchDue() == 1)
        let stored = try #require(try await t.host.store.outboxRow(dedupKey: "retry-1"))
        #expect(stored.status == .deferred)
        #expect(stored.notBefore == (try Date("2026-11-23T08:00:00+01:00", strategy: .iso8601)))
        #expect(try await t.host.services.sandbox().sandboxMessages().isEmpty)
    }

    @Test("a send the sandbox could not store is tried again in real time: the frozen clock does not hold it forever")
    func retryOnTheFrozenClock() async throws {
        let t = try TestHost()
        defer { t.cleanUp() }
        try #require(t.host.clock.isFrozen)
        _ = try await t.host.services.sandbox().sandboxMessages()  // creates the sandbox's tables
        let database = try DatabaseQueue(path: t.directory.appendingPathComponent("moonwire.db").path)
        try await database.write { db in
            try db.execute(sql: "CREATE TRIGGER refuse BEFORE INSERT ON sandbox_message BEGIN SELECT RAISE(ABORT, 'refused by the test'); END")
        }
        try await t.run(#"local m, err = sms.send{to = "+33612345678", body = "Bonjour"} print(m, err.code, err.retryable)"#)
        #expect(t.output.text == "nil\tstore_failed\ttrue\n")
        let row = try #require(try await t.host.store.outboxRows().first)
        #expect(row.status == .pending)
        // Due on the frozen clock (a backoff written on it would never end)...
        #expect(row.notBefore <= t.host.clock.now())
        // ...and held back in real time from the due-send loop.
        #expect(await t.host.services.dispatcher.dispatchDue() == 0)
        // A held send is not "due now" to the clock's walk: an advance still moves the clock.
        let before = t.host.clock.now()
        try await t.run(#"clock.advance("1h")"#)
        #expect(t.host.clock.now() == before.addingTimeInterval(3600))
        try await database.write { db in try db.execute(sql: "DROP TRIGGER refuse") }
        // Routed again (a re-run of its handler), it goes out without the clock moving.
        _ = try await t.host.services.dispatcher.dispatch(id: row.id!)
        #expect(try await t.host.services.sandbox().sandboxMessages().map(\.body) == ["Bonjour"])
        #expect(try await t.host.store.outboxRows().first?.status == .sent)
    }

    @Test("a number on the stop list is refused with opted_out, and the refusal is recorded")
    func optedOut() async throws {
        let t = try TestHost()
        defer { t.cleanUp() }
        try await t.run("""
            assert(stops.add("06 12 34 56 78"))
            print(stops.contains("+33612345678"), stops.add("+33612345678"))
            local m, err = sms.send{to = "+33612345678", body = "Hi"}
            print(m, err.code, err.retryable)
            local b = sms.bulk{to = {"+33612345678", "+33612345679"}, body = "Promo", class = "transactional"}
            print(b.sent, b.failed, b.messages[1].error.code)
            assert(stops.remove("+33612345678"))
            print(assert(sms.send{to = "+33612345678", body = "Back"}).status)
            """)
        #expect(t.output.text == "true\tfalse\nnil\topted_out\tfalse\n1\t1\topted_out\naccepted\n")
        let counts = try await t.host.store.outboxCounts()
        #expect(counts[.blocked] == 2 && counts[.sent] == 2)
    }

    @Test("after a crash, an interrupted send is resent under the same key when the provider dedups")
    func recovery() async throws {
        let t = try TestHost()
        defer { t.cleanUp() }
        let store = t.host.store
        let message = try OutboundMessage.validate(to: "+33612345678", body: "Hi", externalID: "crash-1")
        // The sandbox accepted it, then the process died before recording the answer.
        _ = try await t.host.services.provider.send(message)
        let row = OutboxRow(
            dedupKey: "crash-1", to: "+33612345678", from: nil, body: "Hi", sendClass: .transactional, origin: .cli,
            status: .sending, notBefore: t.host.clock.now(), segments: 1, encoding: .gsm7, createdAt: t.host.clock.now())
        guard case .inserted = try await store.enqueueOutbox(row) else { Issue.record("not inserted"); return }
        #expect(try await t.host.services.dispatcher.recoverInterruptedSends() == 1)
        #expect(await t.host.services.dispatcher.dispatchDue() == 1)
        #expect(try await store.outboxRow(dedupKey: "crash-1")?.status == .sent)
        #expect(try await t.host.services.sandbox().sandboxMessages().count == 1)  // the sandbox dedup kept it to one
    }

    @Test("class must be transactional or marketing")
    func badClass() async throws {
        let t = try TestHost()
        defer { t.cleanUp() }
        await #expect(throws: LuaError.self) {
            try await t.run("sms.send{to = '+33612345678', body = 'x', class = 'promo'}")
        }
    }
}
