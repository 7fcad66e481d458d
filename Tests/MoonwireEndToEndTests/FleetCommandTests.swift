import Foundation
import Testing

@Suite("moonwire db migrate and moonwire fleet, end to end", .processSlot)
struct FleetCommandTests {
    @Test("db migrate applies the schema to a new database and names each change; run again, it finds nothing to apply")
    func migrate() async throws {
        let p = try MoonwireProcess()
        defer { p.cleanUp() }
        let first = try await p.run(["db", "migrate"])
        #expect(first.status == 0, "stderr: \(first.stderr)")
        #expect(first.stdout.contains("(sqlite): applied"), "\(first.stdout)")
        #expect(first.stdout.contains("  v7: engine outbox, inbound, stops and cursors"), "\(first.stdout)")
        #expect(first.stdout.contains("  v14: fleet workers and named leases"), "\(first.stdout)")

        let again = try await p.run(["db", "migrate", "--list"])
        #expect(again.status == 0, "stderr: \(again.stderr)")
        #expect(again.stdout.contains("is up to date"), "\(again.stdout)")
        #expect(again.stdout.contains("applied v14: fleet workers and named leases"), "\(again.stdout)")
        #expect(!again.stdout.contains("missing "), "\(again.stdout)")
    }

    @Test("db migrate run by three processes at once applies the schema once: one applies it, the others find it current")
    func migrateTogether() async throws {
        let p = try MoonwireProcess()
        defer { p.cleanUp() }
        let children = try (0..<3).map { _ in try p.start(["db", "migrate"]) }
        var outputs: [String] = []
        for child in children {
            let ended = await child.wait(timeout: 60)
            #expect(ended?.status == 0, "stderr: \(child.stderr)")
            outputs.append(child.stdout)
        }
        #expect(outputs.filter { $0.contains("applied") }.count == 1, "\(outputs)")
        #expect(outputs.filter { $0.contains("is up to date") }.count == 2, "\(outputs)")
    }

    @Test("fleet lists a running serve by its worker id, live, with its named leases; after a clean stop it is gone")
    func fleet() async throws {
        let p = try MoonwireProcess()
        defer { p.cleanUp() }
        #expect(try await p.run(["db", "migrate"]).status == 0)
        let empty = try await p.run(["fleet"])
        #expect(empty.status == 0, "stderr: \(empty.stderr)")
        #expect(empty.stdout.contains("no instance is registered"), "\(empty.stdout)")

        let plugins = try p.writePlugins([:])
        let serve = try await ServeProcess(p, arguments: ["--plugins", plugins])
        let announced = try #require(serve.text.firstMatch(of: /\(sqlite\), worker ([^;]+);/)?.1).description
        #expect(announced.contains(":\(serve.process.pid):"), "\(serve.text)")  // host:pid:random

        // The serve registers, then takes the leases of its singleton loops within a heartbeat or two.
        var instance: [String: Any] = [:]
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            let listed = try await p.run(["fleet", "--json"])
            #expect(listed.status == 0, "stderr: \(listed.stderr)")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [String: Any])
            #expect(object["backend"] as? String == "sqlite")
            let instances = object["instances"] as? [[String: Any]] ?? []
            if let found = instances.first, (found["leases"] as? [String])?.contains("deliveries") == true {
                instance = found
                #expect(instances.count == 1)
                break
            }
            try await Task.sleep(for: .milliseconds(200))
        }
        #expect(instance["worker"] as? String == announced)
        #expect(instance["pid"] as? Int == Int(serve.process.pid))
        #expect(instance["live"] as? Bool == true)
        #expect(instance["leases"] as? [String] == ["deliveries", "sandbox.inbound"])

        let table = try await p.run(["fleet"])
        #expect(table.stdout.contains("live instances: 1"), "\(table.stdout)")
        #expect(table.stdout.contains(announced), "\(table.stdout)")

        #expect(serve.stop() == 0)
        let after = try await p.run(["fleet"])
        #expect(after.stdout.contains("no instance is registered"), "\(after.stdout)")
    }
}
