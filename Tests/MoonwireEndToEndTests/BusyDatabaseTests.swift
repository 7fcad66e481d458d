import Foundation
import GRDB
import SandboxStore
import Storage
import StoreSQLite
import Synchronization
import Testing

/// Another process holding the database's write lock must not cost a reply (issue 24 §1).
@Suite("moonwire serve with a busy database", .serialized, .processSlot)
struct BusyDatabaseTests {
    @Test("a 15 s write lock held elsewhere during a 200-reply burst: every reply is answered exactly once")
    func writeLockDuringBurst() async throws {
        let p = try MoonwireProcess()
        defer { p.cleanUp() }
        let directory = p.directory.appendingPathComponent("plugins")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        // Each answer takes about 50 ms of Lua (one plugin runs one handler at a time), so the
        // burst lasts ~10 s and the lock lands in the middle of it.
        try """
            on.reply(function(r)
              local start = os.clock()
              while os.clock() - start < 0.05 do end
              assert(r:reply("ok " .. r.body))
            end)
            """.write(to: directory.appendingPathComponent("answer.lua"), atomically: true, encoding: .utf8)
        // Shorter than the lock, so writes fail while it is held (the default is 10 s).
        let serve = try await ServeProcess(p, arguments: ["--plugins", directory.path], environment: ["MOONWIRE_BUSY_TIMEOUT": "2"])
        defer { serve.stop() }
        let numbers = (0..<200).map { String(format: "+33613000%03d", $0) }
        let store = try SQLiteStore(path: p.environment["MOONWIRE_DB"]!, busyTimeout: 60)
        for number in numbers {
            _ = try await store.sandbox().insertSandboxReply(
                SandboxReply(id: "busy-\(number)", from: number, to: "ACME", body: "hello", receivedAt: Date()))
        }
        // Take the lock once the burst is being answered (looked at under the lock, so serve cannot
        // answer the rest between the look and the lock), and hold it for 15 s.
        let before = Mutex(0)
        let locked = try await WriteLock.when(database: p.environment["MOONWIRE_DB"]!, timeout: 120) { db in
            let count = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sandbox_message") ?? 0
            before.withLock { $0 = count }
            // Some handlers must be under way (begun, not finished): they are what the lock tests.
            let underWay = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM inbound WHERE status = 'pending' AND attempts > 0") ?? 0
            return count >= 1 && underWay >= 1
        } act: {
            Thread.sleep(forTimeInterval: 15)
        }
        #expect(locked)
        let answeredBefore = before.withLock { $0 }
        let answered = try await p.waitFor(timeout: 90) { try await $0.sandbox().sandboxMessages().count >= numbers.count }
        #expect(answered, "answered before the lock: \(answeredBefore); serve said: \(serve.text)")
        let messages = try await p.store().sandbox().sandboxMessages()
        #expect(messages.count == numbers.count)
        for number in numbers {
            #expect(messages.filter { $0.to == number }.map(\.body) == ["ok hello"], "\(number)")
        }
        // A reply is marked handled after its answer is sent: wait for the last marks.
        #expect(try await p.waitFor { try await $0.inboundCounts().handled == numbers.count })
        #expect(answeredBefore < numbers.count, "the lock came after the burst was answered; the test proves nothing")
        // Handlers in flight did meet the lock: their messages were routed again, not marked done.
        #expect(serve.text.contains("the database failed"), "serve said: \(serve.text)")
    }
}
