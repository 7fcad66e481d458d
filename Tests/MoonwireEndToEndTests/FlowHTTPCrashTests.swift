import Foundation
import SandboxStore
import Storage
import StoreSQLite
import Testing
import TestSupport

@Suite("flow:http survives kill -9: one call, or every try with the same Idempotency-Key", .serialized, .processSlot)
struct FlowHTTPCrashTests {
    static let callerA = "+33612340001"
    static let callerB = "+33612340002"

    @Test("serve killed after a call and in the middle of one, restarted, the clock advanced: the flows go on with the recorded answers")
    func killedAroundTheCall() async throws {
        let server = try await LoopbackHTTPServer.start()
        var p = try MoonwireProcess()
        defer { p.cleanUp() }
        p.environment["MOONWIRE_NOW"] = "2026-11-23T10:00:00+01:00"
        p.environment["MOONWIRE_HTTP_ALLOW"] = "127.0.0.1:\(server.port)"
        let plugins = try p.writePlugins([
            "crm.lua": """
                flows.define("lead", function(flow)
                  local r = assert(flow:http{ method = "POST", json = { phone = flow.phone },
                                             url = "\(server.base)/hang-once?key=" .. flow.vars.key .. "&hang=" .. flow.vars.hang })
                  flow:sleep("1d")
                  flow:send("lead created, attempt " .. r.json.attempt)
                end)
                """
        ])
        var serve = try await ServeProcess(p, arguments: ["--plugins", plugins])

        // A: the call is answered and journaled, the run sleeps; then serve is killed.
        let a = try await p.run(["flows", "start", "lead", Self.callerA, "--var", "key=a", "--var", "hang=0"])
        #expect(a.status == 0, "\(a.stderr)")
        #expect(try await p.waitFor(timeout: 60) { try await $0.flowRuns(statuses: [.sleeping], limit: 10).count == 1 })
        // B: the call reaches the server, which does not answer; serve is killed mid-call.
        let b = try await p.run(["flows", "start", "lead", Self.callerB, "--var", "key=b", "--var", "hang=1"])
        #expect(b.status == 0, "\(b.stderr)")
        let deadline = Date().addingTimeInterval(60)
        while !server.seen.contains(where: { $0.path == "/hang-once" && $0.idempotencyKey?.hasSuffix("-1") == true && $0.body.contains(Self.callerB) }),
            Date() < deadline
        {
            try await Task.sleep(for: .milliseconds(50))
        }
        serve.kill()
        #expect(server.seen.count == 2, "\(server.seen)")

        // Restarted: B's step is made again, with the same key; A is not called again.
        serve = try await ServeProcess(p, arguments: ["--plugins", plugins])
        #expect(try await p.waitFor(timeout: 60) { try await $0.flowRuns(statuses: [.sleeping], limit: 10).count == 2 })
        let advanced = try await p.run(["sandbox", "clock", "advance", "1d"], timeout: 120)
        #expect(advanced.status == 0, "\(advanced.stderr)")
        #expect(try await p.waitFor(timeout: 60) { try await $0.flowRuns(statuses: [.completed], limit: 10).count == 2 })
        serve.stop()
        await server.stop()

        #expect(try await p.sent(to: Self.callerA).map(\.body) == ["lead created, attempt 1"])
        #expect(try await p.sent(to: Self.callerB).map(\.body) == ["lead created, attempt 2"])
        let calls = server.seen.filter { $0.path == "/hang-once" }
        let forA = calls.filter { $0.body.contains(Self.callerA) }
        let forB = calls.filter { $0.body.contains(Self.callerB) }
        #expect(forA.count == 1, "A was called again after the restart: \(forA)")
        #expect(forB.count == 2)
        #expect(Set(forB.map(\.idempotencyKey)).count == 1 && forB.first?.idempotencyKey?.hasPrefix("flow-") == true, "\(forB)")
    }
}
