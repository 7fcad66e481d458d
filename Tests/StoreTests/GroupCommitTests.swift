import Foundation
import GRDB
import Testing

@testable import SandboxStore
import Storage
import StoreSQLite

@Suite("Writes queued together commit in one transaction, each still all or nothing")
struct GroupCommitTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("moonwire-group-\(UUID().uuidString)")

    func open() throws -> SandboxStore {
        try SandboxStore(path: directory.appendingPathComponent("moonwire.db").path)
    }

    func insert(_ id: String, _ db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO sandbox_message (id, to_number, sender, body, encoding, segments, status, created_at)
                VALUES (?, '+33612345678', 'ACME', 'x', 'GSM-7', 1, 'accepted', ?)
                """, arguments: [id, Date()])
    }

    @Test("a write that fails in a batch rolls back alone; the others commit and survive a reopen")
    func failureIsIsolated() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try open()
        // The first write holds the writer so the next ones queue up behind it and form a batch.
        let gate = DispatchSemaphore(value: 0)
        let (holding, heldSignal) = AsyncStream<Void>.makeStream()
        let holder = Task {
            try await store.write("holding") { db in
                heldSignal.yield()
                gate.wait()
            }
        }
        for await _ in holding { break }
        let writes = (0..<40).map { i in
            Task { () -> String? in
                do {
                    try await store.write("insert \(i)") { db in
                        try insert("m\(i)", db)
                        if i == 7 { throw StorageError(.refused, "write 7 refuses") }
                    }
                    return nil
                } catch {
                    return (error as? StorageError)?.code.rawValue ?? "\(error)"
                }
            }
        }
        await store.database.waitUntilQueued(writes.count)
        gate.signal()
        try await holder.value
        var codes: [Int: String] = [:]
        for (i, write) in writes.enumerated() { if let code = await write.value { codes[i] = code } }
        #expect(codes == [7: "refused"])
        let reopened = try open()
        let ids = try await reopened.sandboxMessages().map(\.id)
        #expect(ids.count == 39)
        #expect(!ids.contains("m7"))
    }

    @Test("a lone write that fails leaves nothing behind")
    func loneFailureRollsBack() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try open()
        await #expect(throws: StorageError.self) {
            try await store.write("two inserts, the second a duplicate") { db in
                try insert("dup", db)
                try insert("dup", db)
            }
        }
        #expect(try await store.sandboxMessages().isEmpty)
    }

    @Test("dates written by the hot paths are GRDB's text to the character")
    func storageTextMatchesGRDB() {
        var generator = SystemRandomNumberGenerator()
        var dates = [Date(timeIntervalSince1970: 0), Date(timeIntervalSince1970: 1_795_000_000.999), Date(timeIntervalSince1970: 951_782_400)]
        for _ in 0..<20_000 {
            let seconds = Double.random(in: 0..<4_102_444_800, using: &generator)
            dates.append(Date(timeIntervalSince1970: seconds))
            // Instants rounded to the millisecond, as flows store them: the case where a
            // different rounding would move a wake-up by one millisecond.
            dates.append(Date(timeIntervalSince1970: (seconds * 1000).rounded() / 1000))
        }
        let mismatches = dates.filter { $0.storageText != String.fromDatabaseValue($0.databaseValue) }
        let examples = mismatches.prefix(3).map { "\($0.timeIntervalSince1970): \($0.storageText) vs \(String.fromDatabaseValue($0.databaseValue) ?? "")" }
        #expect(mismatches.count == 0, "\(examples)")
    }
}
