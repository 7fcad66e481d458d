import Engine
import Foundation
import GRDB
import LuaKit
import Storage
import StoreSQLite
import SandboxStore
import Testing

/// A message whose routing the database refuses to record stays pending, and the loops that
/// fetch pending messages hold it back instead of routing it again at once, forever.
@Suite struct HeldBackInboundTests {
    @Test("routeWaiting returns while another connection holds the write lock, and the message stays pending", .timeLimit(.minutes(1)))
    func lockedDatabaseDoesNotSpin() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("moonwire-held-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("moonwire.db").path
        var configuration = EngineConfiguration(databasePath: path, output: { _ in })
        configuration.busyTimeout = 0  // a write meets the lock at once
        let host = try ScriptHost(configuration: configuration)
        let plugins = directory.appendingPathComponent("plugins")
        try FileManager.default.createDirectory(at: plugins, withIntermediateDirectories: true)
        try #"on.reply(function(r) r:reply("ok") end)"#.write(
            to: plugins.appendingPathComponent("answer.lua"), atomically: true, encoding: .utf8)
        for status in await host.loadPlugins(from: plugins.path) { #expect(status.error == nil) }
        let daemon = await Daemon(host: host)
        _ = try await host.store.recordInbound([
            InboundRow(provider: "sandbox", providerID: "held-1", from: "+33612345678", to: "ACME", body: "hi", receivedAt: Date())
        ])

        var lockConfiguration = Configuration()
        lockConfiguration.allowsUnsafeTransactions = true  // the lock outlives one access on purpose
        let locker = try DatabaseQueue(path: path, configuration: lockConfiguration)
        try await locker.writeWithoutTransaction { db in try db.execute(sql: "BEGIN IMMEDIATE") }
        // Before the fix this never returned: the attempt could not be counted, the message
        // stayed pending with nothing to delay it, and the walk fetched it again at once.
        await daemon.routeWaiting()
        try await locker.writeWithoutTransaction { db in try db.execute(sql: "COMMIT") }

        let counts = try await host.store.inboundCounts()
        #expect(counts.pending == 1)
        #expect(counts.handled == 0)
        #expect(try await host.services.sandbox().sandboxMessages().isEmpty)
    }
}
