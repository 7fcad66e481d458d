import Foundation
import Logging
import LuaKit
import Storage

/// `moonwire flows check` (and `serve` on SIGHUP): replays the journal of every live run of a
/// database against the current code of a plugin directory, and lists the runs that would
/// diverge. The plugins load in a throwaway runtime (in-memory store, sandbox provider), so the
/// check sends nothing and writes nothing, whatever the code does; the database is only read.
public struct FlowChecker: Sendable {
    /// What a check found.
    public struct Report: Sendable, Hashable {
        /// How many live runs were replayed.
        public var checked: Int
        /// The runs that would diverge, oldest first.
        public var findings: [FlowCheckFinding]
        /// Plugins that failed to load (`name: error`): their flows count as not defined.
        public var pluginErrors: [String]
    }

    /// The limits each plugin load and replay gets.
    public var limits: LuaLimits

    /// A checker.
    public init(limits: LuaLimits = LuaLimits()) {
        self.limits = limits
    }

    /// Checks the live runs (active, sleeping, waiting) of `store` against the plugins of `directory`.
    /// - Throws: ``EngineError`` when the throwaway runtime cannot start or `store` cannot be read.
    public func check(store: any EngineStorage, plugins directory: String) async throws(EngineError) -> Report {
        var configuration = EngineConfiguration(databasePath: ":memory:", provider: "sandbox", limits: limits, output: { _ in })
        configuration.logger = Logger(label: "moonwire.flows-check") { _ in SwiftLogNoOpLogHandler() }
        let host = try ScriptHost(configuration: configuration)
        let statuses = await host.loadPlugins(from: directory)
        let pluginErrors = statuses.compactMap { status in status.error.map { "\(status.name): \($0)" } }
        let runs: [FlowRunRow]
        do throws(StorageError) {
            runs = try await store.flowRuns(statuses: [.active, .sleeping, .waiting], flow: nil, phone: nil, limit: 10_000_000)
        } catch {
            throw EngineError(code: error.code.rawValue, message: error.message)
        }
        var findings: [FlowCheckFinding] = []
        for run in runs.sorted(by: { ($0.id ?? 0) < ($1.id ?? 0) }) {
            let journal: [FlowJournalRow]
            do throws(StorageError) {
                journal = try await store.flowJournal(runID: run.id ?? 0)
            } catch {
                throw EngineError(code: error.code.rawValue, message: error.message)
            }
            guard var finding = await host.flows.check(run, journal: journal) else { continue }
            if !pluginErrors.isEmpty, host.flows.registry.current(run.flow) == nil {
                // Not a flow removed from the code: a plugin that failed to load may define it.
                finding.message =
                    "flow \(run.flow) is not defined now, and \(pluginErrors.count) plugin(s) failed to load "
                    + "(listed above): fix them and check again"
            }
            findings.append(finding)
        }
        return Report(checked: runs.count, findings: findings, pluginErrors: pluginErrors)
    }
}
