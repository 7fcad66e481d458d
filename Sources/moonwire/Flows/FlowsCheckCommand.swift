import ArgumentParser
import Engine
import Foundation
import LuaKit
import Storage

/// `moonwire flows check [--plugins DIR] [--json]`.
struct FlowsCheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Replay every live run's journal against the plugins' current code; list the runs that would diverge.",
        discussion: """
            Before deploying an edit of a flow: each active, sleeping or waiting run of the \
            database (MOONWIRE_DB) is replayed against the flows the plugins of --plugins \
            define now, up to the step where it waits. A run diverges when the code now calls \
            something else at a step its journal recorded (a flow:send inserted before a \
            flow:sleep), returns before it, or the flow is gone. The plugins load in a \
            throwaway runtime: nothing is sent, nothing is written, the database is only read.

            Each divergent run is listed with its step, what the journal recorded and what the \
            code calls now; the exit status is 1 if any. A run that would diverge is not lost: \
            runs are pinned to the source they started with, and serve keeps replaying them on \
            it (serve runs this check on SIGHUP and logs what it finds).

            With --json: {"checked": N, "divergent": [{"run", "flow", "phone", "status", "step", \
            "journaled", "current", "message"}], "plugin_errors": [...]}.

            Examples:
              moonwire flows check
              moonwire flows check --plugins plugins --json
            """)

    @Option(name: .long, help: ArgumentHelp("The plugin directory holding the new code (default plugins).", valueName: "dir"))
    var plugins: String = "plugins"

    @Flag(name: .long, help: "Print JSON instead of text.")
    var json = false

    func run() async throws {
        guard FileManager.default.fileExists(atPath: plugins) else {
            StandardError.write("moonwire: the plugin directory \(plugins) does not exist (give one with --plugins DIR)")
            throw ExitCode(1)
        }
        let engine = try EngineStore.open(readOnly: true)
        let report: FlowChecker.Report
        do throws(EngineError) {
            report = try await FlowChecker().check(store: engine.store, plugins: plugins)
        } catch {
            StandardError.write("moonwire: \(error.message)")
            throw ExitCode(1)
        }
        for error in report.pluginErrors { StandardError.write("moonwire: plugin \(error)") }
        if json {
            let divergent = report.findings.map { f -> [(String, Any?)] in
                [
                    ("run", f.runID), ("flow", f.flow), ("phone", f.phone), ("status", f.status.rawValue), ("step", f.step),
                    ("journaled", f.journaled), ("current", f.current), ("message", f.message),
                ]
            }
            print(JSONText.object([("checked", report.checked), ("divergent", divergent), ("plugin_errors", report.pluginErrors)]))
        } else {
            for f in report.findings {
                var line = "run \(f.runID) \(f.flow) \(f.phone) (\(f.status.rawValue))"
                if let step = f.step { line += ": step \(step)" }
                if let journaled = f.journaled { line += ": journal \(journaled)" }
                if let current = f.current { line += ", code now \(current)" }
                if f.step == nil || f.current == nil { line += " — " + f.message }
                print(line)
            }
            print("\(report.checked) live run(s) checked against \(plugins): \(report.findings.count) would diverge")
        }
        if !report.findings.isEmpty { throw ExitCode(1) }
    }
}
