import ArgumentParser
import Engine
import Foundation
import Storage
import SandboxStore
import StorageBackends

/// `moonwire sandbox messages [--json] [--limit N]`.
struct SandboxMessagesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "messages",
        abstract: "List the messages the sandbox accepted, oldest first.",
        discussion: """
            Columns: id, to, from, status, created_at (UTC), body. With --json, prints one JSON \
            array of objects with the fields id, to, from, body, status, created_at, encoding, \
            segments and external_id (null when the send gave none).
            """)

    @Flag(name: .long, help: "Print JSON instead of a table.")
    var json = false

    @Option(name: .long, help: ArgumentHelp("Show only the newest N messages.", valueName: "N"))
    var limit: Int?

    func validate() throws {
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1, got \(limit)") }
    }

    func run() async throws {
        let messages: [SandboxMessage]
        let path: String
        do {
            path = try EngineConfiguration.databasePath(environment: ProcessSettings.environment)
            // Read-only: listing works on a file the user may only read, and creates nothing; a
            // PostgreSQL database is always there to ask.
            if StorageBackends.isPostgres(path) || FileManager.default.fileExists(atPath: path) {
                messages = try await SandboxMessagesCommand.list(path: path, limit: limit)
            } else {
                messages = []
            }
        } catch let error as EngineError {
            StandardError.write("moonwire: \(error.message)")
            throw ExitCode(1)
        } catch let error as StorageError {
            StandardError.write("moonwire: \(error.message)")
            throw ExitCode(1)
        }
        if json {
            print(try SandboxMessagesCommand.json(messages))
        } else if messages.isEmpty {
            StandardError.write("The sandbox has no messages yet in \(StorageBackends.displayed(path)). Try: moonwire run examples/hello.lua")
        } else {
            print(SandboxMessagesCommand.table(messages), terminator: "")
        }
    }

    /// The sandbox's messages in the database at `path`, opened read-only; none when the
    /// sandbox never used it (its tables were never made).
    static func list(path: String, limit: Int?) async throws(StorageError) -> [SandboxMessage] {
        let store: any SandboxStorage
        do {
            store = try StorageBackends.sandbox(location: path, readOnly: true, environment: ProcessSettings.environment)
        } catch where error.code == .notFound {
            return []
        }
        return try await store.sandboxMessages(limit: limit)
    }

    struct Row: Encodable {
        var id, to, from, body, status, created_at, encoding: String
        var segments: Int
        var external_id: String?

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(id, forKey: .id)
            try c.encode(to, forKey: .to)
            try c.encode(from, forKey: .from)
            try c.encode(body, forKey: .body)
            try c.encode(status, forKey: .status)
            try c.encode(created_at, forKey: .created_at)
            try c.encode(encoding, forKey: .encoding)
            try c.encode(segments, forKey: .segments)
            try c.encode(external_id, forKey: .external_id)  // null, not absent
        }
        enum CodingKeys: String, CodingKey { case id, to, from, body, status, created_at, encoding, segments, external_id }
    }

    static func timestamp(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    static func json(_ messages: [SandboxMessage]) throws -> String {
        let rows = messages.map { m in
            Row(id: m.id, to: m.to, from: m.from, body: m.body, status: m.status, created_at: timestamp(m.createdAt),
                encoding: m.encoding, segments: m.segments, external_id: m.externalID)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(rows), as: UTF8.self)
    }

    static func table(_ messages: [SandboxMessage]) -> String {
        let header = ["ID", "TO", "FROM", "STATUS", "CREATED AT", "BODY"]
        let rows = messages.map { m in
            [m.id, m.to, m.from, m.status, timestamp(m.createdAt), preview(m.body)]
        }
        var widths = header.map(\.count)
        for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, cell in
                i == cells.count - 1 ? cell : cell.padding(toLength: widths[i], withPad: " ", startingAt: 0)
            }.joined(separator: "  ") + "\n"
        }
        return ([header] + rows).map(line).joined()
    }

    /// One line of at most 50 characters: newlines shown as ⏎.
    static func preview(_ body: String) -> String {
        let flat = body.replacingOccurrences(of: "\r\n", with: "⏎").replacingOccurrences(of: "\n", with: "⏎")
        return flat.count > 50 ? String(flat.prefix(49)) + "…" : flat
    }
}
