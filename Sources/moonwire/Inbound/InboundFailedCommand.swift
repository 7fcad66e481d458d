import ArgumentParser
import Engine
import Foundation
import Storage

/// `moonwire inbound failed [--json] [--limit N]`.
struct InboundFailedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "failed",
        abstract: "List the inbound messages set aside as poisoned, oldest first.",
        discussion: """
            Columns: id, from, body (its first 40 characters), plugins whose handlers were \
            stopped, attempts, and the last error. With --json, one JSON array of objects with \
            the fields id, from, body (whole), plugins (an array), attempts, error, received_at \
            and set_aside_at (UTC).
            """)

    @Flag(name: .long, help: "Print JSON instead of a table.")
    var json = false

    @Option(name: .long, help: ArgumentHelp("At most N messages.", valueName: "N"))
    var limit: Int = 1000

    func validate() throws {
        guard limit >= 1 else { throw ValidationError("--limit must be at least 1, got \(limit)") }
    }

    func run() async throws {
        let engine = try EngineStore.open()
        let store = engine.store
        let limit = self.limit
        let rows = try await engine.run { () async throws(StorageError) in try await store.poisonedInbound(limit: limit) }
        if json {
            print(FlowsListCommand.json(rows.map(InboundFailedCommand.object)))
            return
        }
        guard !rows.isEmpty else {
            StandardError.write("No poisoned inbound messages in \(engine.configuration.databasePath).")
            return
        }
        var lines = [["ID", "FROM", "BODY", "PLUGINS", "ATTEMPTS", "ERROR"]]
        for row in rows {
            lines.append([
                String(row.id), row.from, InboundFailedCommand.excerpt(row.body, 40), row.plugins.isEmpty ? "-" : row.plugins,
                String(row.attempts), InboundFailedCommand.excerpt(row.error.split(separator: "\n").first.map(String.init) ?? "", 200),
            ])
        }
        print(FlowsListCommand.table(lines), terminator: "")
    }

    /// A message as a JSON object's fields.
    static func object(_ row: FailedInboundRow) -> [(String, Any?)] {
        [
            ("id", row.id), ("from", row.from), ("body", row.body),
            ("plugins", row.plugins.split(separator: ",").map(String.init)), ("attempts", row.attempts), ("error", row.error),
            ("received_at", FlowsListCommand.time(row.receivedAt)), ("set_aside_at", row.setAsideAt.map(FlowsListCommand.time)),
        ]
    }

    /// `text` on one line, cut to `length` characters with an ellipsis.
    static func excerpt(_ text: String, _ length: Int) -> String {
        let line = text.replacingOccurrences(of: "\n", with: " ")
        return line.count <= length ? line : String(line.prefix(length - 1)) + "…"
    }
}
