import Foundation
import Providers
import Server
import SandboxStore
import Storage
import StorageBackends
import StoreSQLite
import Testing

@testable import Engine

@Suite("Polling Conexteo's replies")
struct ConexteoRepliesTests {
    @Test("the first poll leaves history alone; later polls take every new reply down to the cursor, past any page count")
    func cursor() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("moonwire-poll-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let remote = try StorageBackends.sandbox(location: directory.appendingPathComponent("provider.db").path)
        let server = try await SandboxServer(store: remote, configuration: .init(port: 0)).start()
        do {
            let host = try ScriptHost(
                configuration: EngineConfiguration(
                    databasePath: directory.appendingPathComponent("host.db").path, provider: "conexteo",
                    output: { _ in }, environment: ["CONEXTEO_API_KEY": "sandbox", "CONEXTEO_BASE_URL": server.conexteoBaseURL]))
            let start = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))
            _ = try await remote.injectSandboxReply(from: "+33612345670", body: "old", receivedAt: start - 86_400)
            let source = PolledReplies(
                provider: try #require(host.provider as? any ReplyPollingProvider), store: host.store, clock: host.clock,
                region: "FR", watchingSince: start)
            #expect(source.cursorName == "conexteo.replies")  // the name databases already hold
            #expect(try await source.poll() == 0)  // yesterday's reply is history
            #expect(try await source.poll() == 0)
            // More than the former per-poll cap (2,000) arrive while serve is down.
            for i in 0..<2_050 {
                _ = try await remote.injectSandboxReply(
                    from: "+3361234\(String(format: "%04d", i))", body: "r\(i)", receivedAt: start + Double(i) / 1000)
            }
            #expect(try await source.poll() == 2_050)
            #expect(try await source.poll() == 0)
            let stored = try await host.store.recentInbound(limit: 3_000)
            #expect(stored.count == 2_050 && !stored.contains { $0.body == "old" })
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }
}
