import Foundation
import Testing

@Suite("moonwire status, end to end", .processSlot)
struct StatusCommandTests {
    @Test("shows the outbox, inbound and live runs of the database, in a table and as JSON, numbers masked")
    func status() async throws {
        let p = try MoonwireProcess()
        defer { p.cleanUp() }
        #expect(try await p.run(["send", "--to", "+33612345678", "--body", "Bonjour"]).status == 0)

        let table = try await p.run(["status"])
        #expect(table.status == 0, "stderr: \(table.stderr)")
        #expect(table.stdout.contains("provider      sandbox"), "\(table.stdout)")
        #expect(table.stdout.contains("sent 1"), "\(table.stdout)")
        #expect(table.stdout.contains("inbound       pending 0, handled 0, set aside 0"), "\(table.stdout)")
        #expect(table.stdout.contains("last inbound  none"), "\(table.stdout)")
        #expect(table.stdout.contains(" to +…5678"), "\(table.stdout)")
        #expect(!table.stdout.contains("+33612345678"))

        let json = try await p.run(["status", "--json"])
        #expect(json.status == 0, "stderr: \(json.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect((object["outbox"] as? [String: Int])?["sent"] == 1)
        #expect((object["inbound"] as? [String: Int])?["pending"] == 0)
        #expect(object["next_due"] is NSNull)
        #expect((object["last_send"] as? [String: String])?["to"] == "+…5678")
    }
}
