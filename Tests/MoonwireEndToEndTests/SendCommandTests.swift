import Foundation
import SandboxStore
import StoreSQLite
import Testing

@Suite("moonwire send, end to end on the sandbox", .processSlot)
struct SendCommandTests {
    @Test("sends to several recipients written loosely; one line each; stored in the sandbox")
    func sendsToEach() async throws {
        let p = try MoonwireProcess()
        defer { p.cleanUp() }
        let r = try await p.run(["send", "--to", "06 12 34 56 78", "--to", "+33712345678", "--body", "Hello", "--from", "ACME"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines.first?.hasPrefix("+33612345678  sbx_") == true)
        #expect(lines.last?.hasSuffix("accepted") == true)
        let list = try await p.run(["sandbox", "messages", "--json"])
        #expect(list.stdout.components(separatedBy: "\"from\" : \"ACME\"").count == 3)
    }

    @Test("the same --external-id twice is already processed, not sent again")
    func externalID() async throws {
        let p = try MoonwireProcess()
        defer { p.cleanUp() }
        let first = try await p.run(["send", "--to", "+33612345678", "--body", "Once", "--external-id", "order-9", "--json"])
        let second = try await p.run(["send", "--to", "+33612345678", "--body", "Once", "--external-id", "order-9", "--json"])
        #expect(first.status == 0 && second.status == 0)
        #expect(first.stdout.contains("\"already_processed\":false"))
        #expect(second.stdout.contains("\"already_processed\":true"))
        let list = try await p.run(["sandbox", "messages", "--json"])
        #expect(list.stdout.components(separatedBy: "\"id\"").count == 2)
    }

    @Test("a bad number fails on stderr with its reason, the good one is still sent, exit 1")
    func partialFailure() async throws {
        let p = try MoonwireProcess()
        defer { p.cleanUp() }
        let r = try await p.run(["send", "--to", "06 12", "--to", "+33612345678", "--body", "Hi"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("moonwire: 06 12: too_short:"), "stderr: \(r.stderr)")
        #expect(r.stdout.hasPrefix("+33612345678  sbx_"))
    }

    @Test("an empty body and a missing key for a real provider are clear errors")
    func refusals() async throws {
        let p = try MoonwireProcess()
        defer { p.cleanUp() }
        let empty = try await p.run(["send", "--to", "+33612345678", "--body", ""])
        #expect(empty.status == 1)
        #expect(empty.stderr.contains("empty_body"))
        let noKey = try await p.run(["send", "--provider", "conerix", "--to", "+33612345678", "--body", "Hi"])
        #expect(noKey.status == 1)
        #expect(noKey.stderr.contains("CONERIX_API_KEY"))
    }
}

@Suite("moonwire credits, end to end", .processSlot)
struct CreditsCommandTests {
    @Test("Conexteo credits come from the provider (here sandbox serve); the in-process sandbox says it has none")
    func credits() async throws {
        let p = try MoonwireProcess()
        defer { p.cleanUp() }
        let sandbox = try await p.run(["credits"])
        #expect(sandbox.status == 0)
        #expect(sandbox.stderr.contains("the sandbox has no balance"))

        // A real `sandbox serve` process on a free port, and `credits` through the Conexteo client.
        let server = try p.start(
            ["sandbox", "serve", "--port", "0"], environment: ["MOONWIRE_DB": p.directory.appendingPathComponent("server.db").path])
        defer {
            server.signal(SIGTERM)
            server.wait()
        }
        // The server prints its URLs, with the port it got, once it listens.
        let listening = await server.waitForOutput(.stdout, timeout: 60) { $0.contains("/conexteo") }
        #expect(listening, "server said: \(server.output)")
        let banner = server.stdout
        let url = try #require(
            banner.split(whereSeparator: \.isWhitespace).first { $0.hasPrefix("http") && $0.hasSuffix("/conexteo") },
            "server said: \(banner)")

        var client = p
        client.environment["CONEXTEO_API_KEY"] = "sandbox"
        client.environment["CONEXTEO_BASE_URL"] = String(url)
        let r = try await client.run(["credits", "--provider", "conexteo", "--json"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(r.stdout.contains("\"credits\":10000"), "stdout: \(r.stdout)")
        #expect(r.stdout.contains("\"type\":\"sms\""), "Conexteo's msgType is `type`, as in Lua's credits(): \(r.stdout)")

        // A key Conexteo processed before, sent from a database that never saw it: the 409 is
        // reported as already processed, not as a fresh send.
        let sent = try await client.run(["send", "--provider", "conexteo", "--to", "+33612345678", "--body", "Once", "--external-id", "k-409", "--json"])
        #expect(sent.stdout.contains("\"already_processed\":false"), "\(sent.stdout) \(sent.stderr)")
        var elsewhere = client
        elsewhere.environment["MOONWIRE_DB"] = p.directory.appendingPathComponent("elsewhere.db").path
        let again = try await elsewhere.run(["send", "--provider", "conexteo", "--to", "+33612345678", "--body", "Once", "--external-id", "k-409", "--json"])
        #expect(again.status == 0, "stderr: \(again.stderr)")
        #expect(again.stdout.contains("\"already_processed\":true"), "\(again.stdout) \(again.stderr)")
    }

    @Test("stops sync pulls numbers stopped on Conexteo's side; a send Conexteo refuses for a stopped number is opted_out")
    func stopsBothWays() async throws {
        let p = try MoonwireProcess()
        defer { p.cleanUp() }
        let serverDB = p.directory.appendingPathComponent("server.db").path
        let server = try p.start(["sandbox", "serve", "--port", "0"], environment: ["MOONWIRE_DB": serverDB])
        defer {
            server.signal(SIGTERM)
            server.wait()
        }
        #expect(await server.waitForOutput(.stdout, timeout: 60) { $0.contains("/conexteo") }, "server said: \(server.output)")
        let url = try #require(server.stdout.split(whereSeparator: \.isWhitespace).first { $0.hasPrefix("http") && $0.hasSuffix("/conexteo") })
        // Stopped on Conexteo's side only (a STOP Conexteo handled, its console).
        let emulation = try SQLiteStore(path: serverDB).sandbox()
        for number in ["+33612340001", "+33612340002"] { _ = try await emulation.addSandboxStop(recipient: number, at: Date()) }

        var client = p
        client.environment["CONEXTEO_API_KEY"] = "sandbox"
        client.environment["CONEXTEO_BASE_URL"] = String(url)
        client.environment["MOONWIRE_PROVIDER"] = "conexteo"
        let refused = try await client.run(["send", "--to", "+33612340001", "--body", "Promo", "--json"])
        #expect(refused.status == 1, "\(refused.stdout) \(refused.stderr)")
        #expect((refused.stdout + refused.stderr).contains("opted_out"), "\(refused.stdout) \(refused.stderr)")

        let synced = try await client.run(["stops", "sync", "--json"])
        #expect(synced.status == 0, "stderr: \(synced.stderr)")
        #expect(synced.stdout.contains(#"{"added":["+33612340002"],"listed":2}"#), "\(synced.stdout)")
        let listed = try await client.run(["stops", "list", "--json"])
        #expect(listed.stdout.contains(#""phone":"+33612340001","source":"provider""#), "\(listed.stdout)")
        #expect(listed.stdout.contains(#""phone":"+33612340002","source":"provider""#), "\(listed.stdout)")
        let again = try await client.run(["stops", "sync"])
        #expect(again.stdout.contains("conexteo lists 2 number(s); 0 added"), "\(again.stdout) \(again.stderr)")

        let local = try await p.run(["stops", "sync"])
        #expect(local.status == 1)
        #expect(local.stderr.contains("keeps no stop list of its own"), "\(local.stderr)")
    }
}
