@testable import Engine
import Foundation
import GRDB
import Synchronization
import LuaKit
import Storage
import StoreSQLite
import SandboxStore
import Testing

/// A message whose routing the database refuses to record stays pending, and the loops that
/// fetch pending messages hold it back instead of routing it again at once, forever.
/// The time limits catch a walk that never returns. They are generous: a test's awaits queue
/// behind the whole suite's on two cores, and a passing run took 100 s in the full suite.
@Suite struct HeldBackInboundTests {
    @Test("routeWaiting returns while another connection holds the write lock, and the message stays pending", .timeLimit(.minutes(10)))
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

    @Test("a database that fails a handler's send and then the deferral is not counted against the message", .timeLimit(.minutes(10)))
    func storageFaultsDoNotSetAReplyAside() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("moonwire-held-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("moonwire.db").path
        var lockConfiguration = Configuration()
        lockConfiguration.allowsUnsafeTransactions = true  // the lock outlives one access on purpose
        let locker = try DatabaseQueue(path: path, configuration: lockConfiguration)
        // While set, the handler's print takes the write lock: the attempt is counted before it,
        // and its send and the deferral after it both meet the lock.
        let lockOnPrint = Mutex(false)
        var configuration = EngineConfiguration(databasePath: path, output: { _ in
            guard lockOnPrint.withLock({ $0 }) else { return }
            try? locker.writeWithoutTransaction { db in try db.execute(sql: "BEGIN IMMEDIATE") }
        })
        configuration.busyTimeout = 0
        configuration.inboundAttempts = 3
        let host = try ScriptHost(configuration: configuration)
        let plugins = directory.appendingPathComponent("plugins")
        try FileManager.default.createDirectory(at: plugins, withIntermediateDirectories: true)
        try #"on.reply(function(r) print("handling") r:reply("ok") end)"#.write(
            to: plugins.appendingPathComponent("answer.lua"), atomically: true, encoding: .utf8)
        for status in await host.loadPlugins(from: plugins.path) { #expect(status.error == nil) }
        let daemon = await Daemon(host: host)
        _ = try await host.store.recordInbound([
            InboundRow(provider: "sandbox", providerID: "fault-1", from: "+33612345678", to: "ACME", body: "hi", receivedAt: Date())
        ])
        let row = try #require(try await host.store.pendingInbound(limit: 10).first)

        // More failed routings than the attempts allowed: none of them was the handler's fault.
        for _ in 0..<4 {
            lockOnPrint.withLock { $0 = true }
            let failures = await daemon.router.route(row)
            lockOnPrint.withLock { $0 = false }
            try await locker.writeWithoutTransaction { db in try db.execute(sql: "COMMIT") }
            #expect(!failures.isEmpty)
            #expect(try await host.store.inboundCounts().pending == 1)
        }
        // The database works again: the reply is answered, once, and not set aside.
        #expect(await daemon.router.route(row).isEmpty)
        let counts = try await host.store.inboundCounts()
        #expect(counts.handled == 1)
        #expect(counts.pending == 0)
        #expect(try await host.store.poisonedInbound(limit: 10).isEmpty)
        #expect(try await host.services.sandbox().sandboxMessages().map(\.body) == ["ok"])
    }
}
