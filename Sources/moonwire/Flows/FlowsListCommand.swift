import ArgumentParser
import Engine
import Foundation
import SMSCore
import Storage

/// `moonwire flows list [--status S] [--flow NAME] [--phone N] [--json]`.
struct FlowsListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List flow runs, newest first.",
        discussion: """
            Columns: id, flow, phone, status, next wake-up (UTC: a sleeping run's wake-up, a \
            waiting run's deadline), last change (UTC). Statuses: active (executing or about to), \
            sleeping, waiting (for a reply), completed, cancelled, failed, stopped (the number \
            replied STOP). With --json, one JSON array of objects with the fields id, flow, \
            phone, status, next_wake, created_at, updated_at, error_code and error (null when \
            unset), vars.

            Examples:
              moonwire flows list
              moonwire flows list --status waiting --json
              moonwire flows list --flow welcome_drip --phone 0612345678
            """)

    @Option(name: .long, help: ArgumentHelp("Only runs with this status.", valueName: "status"))
    var status: String?

    @Option(name: .long, help: ArgumentHelp("Only runs of this flow.", valueName: "name"))
    var flow: String?

    @Option(name: .long, help: ArgumentHelp("Only runs talking to this number.", valueName: "number"))
    var phone: String?

    @Option(name: .long, help: ArgumentHelp("At most N runs.", valueName: "N"))
    var limit: Int = 100

    @Flag(name: .long, help: "Print JSON instead of a table.")
    var json = false

    func validate() throws {
        if let status, FlowRunRow.Status(rawValue: status) == nil {
            throw ValidationError(
                "--status \(status) is not a status: use \(FlowRunRow.Status.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard limit >= 1 else { throw ValidationError("--limit must be at least 1, got \(limit)") }
    }

    func run() async throws {
        let engine = try EngineStore.open(readOnly: true)
        var number: String?
        if let phone {
            do throws(SMSCoreError) {
                number = try PhoneNumber.parse(phone, region: engine.configuration.region).e164
            } catch {
                StandardError.write("moonwire: --phone \(phone): \(error.message)")
                throw ExitCode(1)
            }
        }
        let statuses = status.flatMap(FlowRunRow.Status.init(rawValue:)).map { Set([$0]) }
        let store = engine.store
        let runs = try await engine.run { () async throws(StorageError) in
            try await store.flowRuns(statuses: statuses, flow: flow, phone: number, limit: limit)
        }
        if json {
            print(FlowsListCommand.json(runs.map(FlowsListCommand.object)))
        } else if runs.isEmpty {
            StandardError.write("No flow runs\(status.map { " with status \($0)" } ?? "") in \(engine.configuration.databasePath).")
        } else {
            var lines = [["ID", "FLOW", "PHONE", "STATUS", "NEXT WAKE-UP", "UPDATED"]]
            for run in runs {
                lines.append([
                    String(run.id ?? 0), run.flow, run.phone, run.status.rawValue, run.nextWake.map(FlowsListCommand.time) ?? "-",
                    FlowsListCommand.time(run.updatedAt),
                ])
            }
            print(FlowsListCommand.table(lines), terminator: "")
        }
    }

    /// An instant as the commands print it (UTC, seconds).
    static func time(_ date: Date) -> String { date.formatted(.iso8601) }

    /// A run as a JSON object's fields.
    static func object(_ run: FlowRunRow) -> [(String, Any?)] {
        [
            ("id", run.id ?? 0), ("flow", run.flow), ("phone", run.phone), ("status", run.status.rawValue),
            ("next_wake", run.nextWake.map(time)), ("created_at", time(run.createdAt)), ("updated_at", time(run.updatedAt)),
            ("error_code", run.errorCode), ("error", run.error), ("vars", JSONText.raw(run.vars)),
        ]
    }

    /// A JSON array of objects, fields in the given order.
    static func json(_ objects: [[(String, Any?)]]) -> String {
        "[" + objects.map(JSONText.object).joined(separator: ",") + "]"
    }

    /// Columns padded to their widest cell.
    static func table(_ lines: [[String]]) -> String {
        guard let first = lines.first else { return "" }
        var widths = first.map(\.count)
        for line in lines { for (i, cell) in line.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) } }
        return lines.map { line in
            line.enumerated().map { i, cell in i == line.count - 1 ? cell : cell.padding(toLength: widths[i], withPad: " ", startingAt: 0) }
                .joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }
}
