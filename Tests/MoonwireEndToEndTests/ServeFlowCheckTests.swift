import Foundation
import Storage
import StoreSQLite
import Testing

@Suite("serve replays the live runs on the new code after SIGHUP", .processSlot)
struct ServeFlowCheckTests {
    @Test("a flow:send inserted before the sleep: SIGHUP logs the sleeping run's divergence at step 2; the run keeps sleeping")
    func hangupCheck() async throws {
        let p = try MoonwireProcess()
        defer { p.cleanUp() }
        let drip = try String(
            contentsOf: MoonwireProcess.packageRoot.appendingPathComponent("plugins/welcome_drip.lua"), encoding: .utf8)
        let plugins = try p.writePlugins(["welcome_drip.lua": drip])
        let serve = try await ServeProcess(p, arguments: ["--plugins", plugins])
        defer { if serve.process.isRunning { serve.kill() } }
        #expect(try await p.run(["flows", "start", "welcome_drip", "+33612345671"]).status == 0)
        let sleeping = try await p.waitFor { store in
            try await store.flowRuns(statuses: [.sleeping], flow: "welcome_drip", phone: nil, limit: 10).count == 1
        }
        #expect(sleeping, "\(serve.text)")

        _ = try p.writePlugins([
            "welcome_drip.lua": drip.replacingOccurrences(
                of: "  flow:sleep(\"3d\")", with: "  flow:send(\"Un mot avant la pause\")\n  flow:sleep(\"3d\")")
        ])
        serve.process.signal(SIGHUP)
        let logged = await serve.waitForOutput {
            $0.contains("flows check: run 1 of flow welcome_drip (sleeping) would diverge at step 2: its journal recorded "
                + "flow:sleep(\"3d\"), the code now calls flow:send(\"Un mot avant la pause\")")
        }
        #expect(logged, "\(serve.text)")
        let runs = try await p.store().flowRuns(statuses: nil, flow: "welcome_drip", phone: nil, limit: 10)
        #expect(runs.map(\.status) == [.sleeping])
        #expect(serve.stop() == 0)
    }
}
