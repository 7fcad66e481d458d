import ArgumentParser
import Foundation
import Storage

/// `moonwire stops list [--json]`.
struct StopsListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "Print the stop list, oldest first: number, how it got there, when (UTC).")

    @Flag(name: .long, help: "Print a JSON array of {phone, source, at}.")
    var json = false

    func run() async throws {
        let engine = try EngineStore.open(readOnly: true)
        let store = engine.store
        let rows = try await engine.run { () async throws(StorageError) in try await store.stops() }
        if json {
            let objects: [[String: Any]] = rows.map {
                ["phone": $0.phone, "source": $0.source.rawValue, "at": $0.createdAt.formatted(.iso8601)]
            }
            print(String(decoding: try JSONSerialization.data(withJSONObject: objects, options: [.sortedKeys]), as: UTF8.self))
            return
        }
        if rows.isEmpty { StandardError.write("moonwire: the stop list is empty") }
        for row in rows { print("\(row.phone)  \(row.source.rawValue)  \(row.createdAt.formatted(.iso8601))") }
    }
}
