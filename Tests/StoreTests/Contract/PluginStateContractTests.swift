import Foundation
import Storage
import Testing

/// Lua's `state` as every backend stores it: per plugin, JSON text, expiry on the given clock,
/// increments that take turns, and flow-step writes applied once.
@Suite("Storage contract: plugin state")
struct PluginStateContractTests {
    static let t0 = Date(timeIntervalSince1970: 1_790_000_000)

    @Test("set, get, delete and keys are per plugin; keys come in byte order, a prefix is taken literally", arguments: StorageKind.allCases)
    func perPlugin(kind: StorageKind) async throws {
        let opened = try await kind.open()
        defer { opened.remove() }
        let s = opened.storage
        for key in ["b", "a%", "a_1", "ab", "é"] {
            try await s.setStateValue(plugin: "one.lua", key: key, json: #"{"k":"\#(key)"}"#, expiresAt: nil, step: nil, now: Self.t0)
        }
        try await s.setStateValue(plugin: "two.lua", key: "a%", json: "2", expiresAt: nil, step: nil, now: Self.t0)
        #expect(try await s.stateValue(plugin: "one.lua", key: "a%", now: Self.t0) == #"{"k":"a%"}"#)
        #expect(try await s.stateValue(plugin: "two.lua", key: "a%", now: Self.t0) == "2")
        #expect(try await s.stateValue(plugin: "two.lua", key: "b", now: Self.t0) == nil)
        #expect(try await s.stateKeys(plugin: "one.lua", prefix: "", limit: 100, now: Self.t0) == ["a%", "a_1", "ab", "b", "é"])
        #expect(try await s.stateKeys(plugin: "one.lua", prefix: "a%", limit: 100, now: Self.t0) == ["a%"])
        #expect(try await s.stateKeys(plugin: "one.lua", prefix: "a", limit: 2, now: Self.t0) == ["a%", "a_1"])
        #expect(try await s.deleteStateValue(plugin: "one.lua", key: "a%", step: nil, now: Self.t0))
        #expect(try await !s.deleteStateValue(plugin: "one.lua", key: "a%", step: nil, now: Self.t0))
        #expect(try await s.stateValue(plugin: "two.lua", key: "a%", now: Self.t0) == "2")
        try await s.setStateValue(plugin: "one.lua", key: "b", json: "[1,2]", expiresAt: nil, step: nil, now: Self.t0)
        #expect(try await s.stateValue(plugin: "one.lua", key: "b", now: Self.t0) == "[1,2]")
    }

    @Test("a key expires at its instant on the clock given; set again, it lives again", arguments: StorageKind.allCases)
    func expiry(kind: StorageKind) async throws {
        let opened = try await kind.open()
        defer { opened.remove() }
        let s = opened.storage
        let end = Self.t0 + 86_400
        try await s.setStateValue(plugin: "p", key: "k", json: "true", expiresAt: end, step: nil, now: Self.t0)
        #expect(try await s.stateValue(plugin: "p", key: "k", now: end - 1) == "true")
        #expect(try await s.stateValue(plugin: "p", key: "k", now: end) == nil)
        #expect(try await s.stateKeys(plugin: "p", prefix: "", limit: 10, now: end).isEmpty)
        #expect(try await !s.deleteStateValue(plugin: "p", key: "k", step: nil, now: end))
        try await s.setStateValue(plugin: "p", key: "k", json: "1", expiresAt: nil, step: nil, now: end)
        #expect(try await s.stateValue(plugin: "p", key: "k", now: end + 1_000_000) == "1")
    }

    @Test("incr counts from 0, keeps the first expiry, restarts once expired, refuses a value that is not an integer", arguments: StorageKind.allCases)
    func increments(kind: StorageKind) async throws {
        let opened = try await kind.open()
        defer { opened.remove() }
        let s = opened.storage
        let end = Self.t0 + 3600
        #expect(try await s.incrementStateValue(plugin: "p", key: "n", by: 1, expiresAt: end, step: nil, now: Self.t0) == 1)
        #expect(try await s.incrementStateValue(plugin: "p", key: "n", by: 5, expiresAt: end + 9999, step: nil, now: Self.t0 + 10) == 6)
        #expect(try await s.stateValue(plugin: "p", key: "n", now: end - 1) == "6")
        #expect(try await s.stateValue(plugin: "p", key: "n", now: end) == nil)
        #expect(try await s.incrementStateValue(plugin: "p", key: "n", by: -2, expiresAt: nil, step: nil, now: end) == -2)
        #expect(try await s.stateValue(plugin: "p", key: "n", now: end + 1_000_000) == "-2")

        try await s.setStateValue(plugin: "p", key: "word", json: #""oui""#, expiresAt: nil, step: nil, now: Self.t0)
        await #expect(throws: StorageError.self) {
            try await s.incrementStateValue(plugin: "p", key: "word", by: 1, expiresAt: nil, step: nil, now: Self.t0)
        }
        try await s.setStateValue(plugin: "p", key: "max", json: String(Int64.max), expiresAt: nil, step: nil, now: Self.t0)
        do {
            _ = try await s.incrementStateValue(plugin: "p", key: "max", by: 1, expiresAt: nil, step: nil, now: Self.t0)
            Issue.record("an overflow was accepted")
        } catch {
            #expect(error.code == .refused)
            #expect(error.message.contains("64-bit"))
        }
        #expect(try await s.stateValue(plugin: "p", key: "word", now: Self.t0) == #""oui""#)
        #expect(try await s.stateValue(plugin: "p", key: "max", now: Self.t0) == String(Int64.max))
    }

    @Test("200 concurrent increments of one key lose none", arguments: StorageKind.allCases)
    func concurrentIncrements(kind: StorageKind) async throws {
        let opened = try await kind.open()
        defer { opened.remove() }
        let stores = [opened.storage] + (try opened.another.map { [try $0()] } ?? [])
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<200 {
                let store = stores[i % stores.count]
                group.addTask { _ = try await store.incrementStateValue(plugin: "p", key: "hits", by: 1, expiresAt: nil, step: nil, now: Self.t0) }
            }
            try await group.waitForAll()
        }
        #expect(try await opened.storage.stateValue(plugin: "p", key: "hits", now: Self.t0) == "200")
    }

    @Test("a write repeated for the same flow step is applied once and returns the first result", arguments: StorageKind.allCases)
    func stepWritesOnce(kind: StorageKind) async throws {
        let opened = try await kind.open()
        defer { opened.remove() }
        let s = opened.storage
        let step = PluginStateStep(runID: 7, step: 3)
        #expect(try await s.incrementStateValue(plugin: "p", key: "n", by: 10, expiresAt: nil, step: step, now: Self.t0) == 10)
        #expect(try await s.incrementStateValue(plugin: "p", key: "n", by: 10, expiresAt: nil, step: step, now: Self.t0) == 10)
        #expect(try await s.incrementStateValue(plugin: "p", key: "n", by: 1, expiresAt: nil, step: PluginStateStep(runID: 7, step: 4), now: Self.t0) == 11)
        #expect(try await s.deleteStateValue(plugin: "p", key: "n", step: PluginStateStep(runID: 8, step: 1), now: Self.t0))
        try await s.setStateValue(plugin: "p", key: "n", json: "5", expiresAt: nil, step: nil, now: Self.t0)
        #expect(try await s.deleteStateValue(plugin: "p", key: "n", step: PluginStateStep(runID: 8, step: 1), now: Self.t0))
        #expect(try await s.stateValue(plugin: "p", key: "n", now: Self.t0) == "5")
    }
}
