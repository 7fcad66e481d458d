import Foundation
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
}
