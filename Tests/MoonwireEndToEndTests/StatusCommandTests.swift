import Foundation
import Testing

@Suite("moonwire status, end to end")
struct StatusCommandTests {
    @Test("shows the outbox, inbound and live runs of the database, in a table and as JSON, numbers masked")
    func status() throws {
        let p = try MoonwireProcess()
        defer { p.cleanUp() }
        #expect(try p.run(["send", "--to", "+33612345678", "--body", "Bonjour"]).status == 0)
        #expect(try p.run(["sandbox", "reply", "--from", "+33698765432", "Merci"]).status == 0)

        let table = try p.run(["status"])
        #expect(table.status == 0, "stderr: \(table.stderr)")
        #expect(table.stdout.contains("provider      sandbox"), "\(table.stdout)")
        #expect(table.stdout.contains("sent 1"), "\(table.stdout)")
        #expect(table.stdout.contains("pending 1, handled 0, set aside 0"), "\(table.stdout)")
        #expect(table.stdout.contains("from +…5432") && table.stdout.contains("to +…5678"), "\(table.stdout)")
        #expect(!table.stdout.contains("+33612345678"))

        let json = try p.run(["status", "--json"])
        #expect(json.status == 0, "stderr: \(json.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect((object["outbox"] as? [String: Int])?["sent"] == 1)
        #expect((object["inbound"] as? [String: Int])?["pending"] == 1)
        #expect((object["last_send"] as? [String: String])?["to"] == "+…5678")
    }
}
