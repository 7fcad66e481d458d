import Engine
import Foundation
import LuaKit
import Storage
import Testing

@Suite("flows check: live runs replayed against the current code, nothing sent or written")
struct FlowCheckerTests {
    static let phones = ["+33612345671", "+33612345672", "+33612345673"]

    /// A harness with three welcome_drip runs asleep for three days.
    func sleepingRuns() async throws -> FlowHarness {
        let h = try await FlowHarness(plugins: ["welcome_drip.lua": try FlowHarness.welcomeDrip])
        for phone in FlowCheckerTests.phones { try await h.start("welcome_drip", phone) }
        let runs = try await h.store.flowRuns(statuses: nil, flow: "welcome_drip", phone: nil, limit: 10)
        #expect(runs.map(\.status) == [.sleeping, .sleeping, .sleeping])
        return h
    }

    static func plugins(_ source: String) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("moonwire-check-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try source.write(to: directory.appendingPathComponent("welcome_drip.lua"), atomically: true, encoding: .utf8)
        return directory
    }

    @Test("unchanged code: every sleeping run replays, no divergence")
    func unchanged() async throws {
        let h = try await sleepingRuns()
        defer { h.cleanUp() }
        let directory = try FlowCheckerTests.plugins(try FlowHarness.welcomeDrip)
        defer { try? FileManager.default.removeItem(at: directory) }
        let report = try await FlowChecker().check(store: h.store, plugins: directory.path)
        #expect(report.checked == 3)
        #expect(report.findings.isEmpty, "\(report.findings.map(\.message))")
        #expect(report.pluginErrors.isEmpty)
    }

    @Test("a flow:send inserted before the sleep: every sleeping run is reported at step 2, with both calls; nothing changes")
    func insertedSend() async throws {
        let h = try await sleepingRuns()
        defer { h.cleanUp() }
        let edited = try FlowHarness.welcomeDrip.replacingOccurrences(
            of: "  flow:sleep(\"3d\")", with: "  flow:send(\"Un mot avant la pause\")\n  flow:sleep(\"3d\")")
        let directory = try FlowCheckerTests.plugins(edited)
        defer { try? FileManager.default.removeItem(at: directory) }
        let outboxBefore = try await h.store.outboxRows(statuses: nil, limit: 100)
        let journalsBefore = try await FlowCheckerTests.journals(h)

        let report = try await FlowChecker().check(store: h.store, plugins: directory.path)
        #expect(report.checked == 3)
        #expect(Set(report.findings.map(\.phone)) == Set(FlowCheckerTests.phones))
        for finding in report.findings {
            #expect(finding.step == 2)
            #expect(finding.status == .sleeping)
            #expect(finding.journaled == "flow:sleep(\"3d\")")
            #expect(finding.current == "flow:send(\"Un mot avant la pause\")")
        }
        #expect(try await h.store.outboxRows(statuses: nil, limit: 100) == outboxBefore)
        #expect(try await FlowCheckerTests.journals(h) == journalsBefore)
        let runs = try await h.store.flowRuns(statuses: nil, flow: "welcome_drip", phone: nil, limit: 10)
        #expect(runs.map(\.status) == [.sleeping, .sleeping, .sleeping])
    }

    @Test("an edit after the step where runs wait is not a divergence; a flow that is gone is")
    func laterEditAndRemovedFlow() async throws {
        let h = try await sleepingRuns()
        defer { h.cleanUp() }
        let later = try FlowHarness.welcomeDrip.replacingOccurrences(
            of: "Votre première commande vous a-t-elle plu ?", with: "Alors, cette commande ?")
        let laterDirectory = try FlowCheckerTests.plugins(later)
        defer { try? FileManager.default.removeItem(at: laterDirectory) }
        #expect(try await FlowChecker().check(store: h.store, plugins: laterDirectory.path).findings.isEmpty)

        let gone = try FlowCheckerTests.plugins("on.reply(function(r) end)\n")
        defer { try? FileManager.default.removeItem(at: gone) }
        let report = try await FlowChecker().check(store: h.store, plugins: gone.path)
        #expect(report.findings.count == 3)
        #expect(report.findings.allSatisfy { $0.step == nil && $0.message.contains("not defined") })
    }

    static func journals(_ h: FlowHarness) async throws -> [[FlowJournalRow]] {
        var all: [[FlowJournalRow]] = []
        for run in try await h.store.flowRuns(statuses: nil, flow: nil, phone: nil, limit: 10) {
            all.append(try await h.store.flowJournal(runID: run.id!))
        }
        return all
    }
}
