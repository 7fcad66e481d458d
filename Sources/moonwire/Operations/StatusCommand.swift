import ArgumentParser
import Engine
import Foundation
import Storage

/// `moonwire status`: what the database says of a deployment, for an operator's first look.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show the state of the database serve works on: outbox, inbound, flow runs, what falls due next.",
        discussion: """
            Reads the configured database (read-only, so it works beside a running serve): the \
            provider and backend, the outbox by status, inbound messages pending, handled and set \
            aside, live flow runs by flow, the next thing due (a send, a flow's wake-up, a \
            schedule), and the last inbound message and the last send (numbers shown by their \
            last 4 digits). With the sandbox, when serve last ticked the virtual clock.

            For a running serve's own view (plugins loaded and their errors, counters since it \
            started) scrape its GET /metrics (serve --http or --metrics).

            Example:
              moonwire status
              moonwire status --json | jq .outbox
            """)

    @Flag(name: .long, help: "Print one JSON object.")
    var json = false

    func run() async throws {
        let engine = try EngineStore.open(readOnly: true)
        let store = engine.store
        let outbox = try await engine.run { () async throws(StorageError) in try await store.outboxCounts() }
        let inbound = try await engine.run { () async throws(StorageError) in try await store.inboundCounts() }
        let poisoned = try await engine.run { () async throws(StorageError) in try await store.poisonedInbound(limit: 10_000).count }
        let live = try await engine.run { () async throws(StorageError) in
            try await store.flowRuns(statuses: [.active, .sleeping, .waiting], flow: nil, phone: nil, limit: 100_000)
        }
        let nextSend = try await engine.run { () async throws(StorageError) in try await store.nextOutboxDue() }
        let nextWake = try await engine.run { () async throws(StorageError) in try await store.nextFlowWake() }
        let schedules = try await engine.run { () async throws(StorageError) in try await store.schedules() }
        let lastInbound = try await engine.run { () async throws(StorageError) in try await store.recentInbound(limit: 1) }.first
        let lastSend = try await engine.run { () async throws(StorageError) in try await store.outboxRows(statuses: [.sent], limit: 1) }.first
        let clock = try? await store.virtualClockState()

        var byFlow: [String: Int] = [:]
        for run in live { byFlow[run.flow, default: 0] += 1 }
        let nextSchedule = schedules.compactMap(\.nextFire).min()
        let next = [nextSend, nextWake, nextSchedule].compactMap { $0 }.min()
        func when(_ date: Date?) -> String? { date?.formatted(.iso8601) }
        func masked(_ phone: String) -> String { phone.count > 4 ? "+…" + phone.suffix(4) : phone }

        if json {
            let object: [String: Any] = [
                "provider": engine.configuration.provider,
                "database": store.location,
                "outbox": Dictionary(uniqueKeysWithValues: OutboxRow.Status.allCases.map { ($0.rawValue, outbox[$0] ?? 0) }),
                "inbound": ["pending": inbound.pending, "handled": inbound.handled, "set_aside": poisoned],
                "live_runs": byFlow,
                "next_due": when(next) ?? NSNull(),
                "last_inbound": lastInbound.map { ["at": when($0.receivedAt) ?? "", "from": masked($0.from)] } ?? NSNull(),
                "last_send": lastSend.map { ["at": when($0.updatedAt) ?? "", "to": masked($0.to)] } ?? NSNull(),
                "serve_seen": when(clock?.serveSeenAt) ?? NSNull(),
            ]
            let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
            print(String(decoding: data, as: UTF8.self))
            return
        }
        let outboxText = OutboxRow.Status.allCases.map { "\($0.rawValue) \(outbox[$0] ?? 0)" }.joined(separator: ", ")
        let runsText = byFlow.isEmpty ? "none" : byFlow.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        var rows: [(String, String)] = [
            ("provider", engine.configuration.provider),
            ("database", store.location),
            ("outbox", outboxText),
            ("inbound", "pending \(inbound.pending), handled \(inbound.handled), set aside \(poisoned)"),
            ("live runs", runsText),
            ("next due", when(next) ?? "nothing"),
            ("last inbound", lastInbound.map { "\(when($0.receivedAt) ?? "") from \(masked($0.from))" } ?? "none"),
            ("last send", lastSend.map { "\(when($0.updatedAt) ?? "") to \(masked($0.to))" } ?? "none"),
        ]
        if let seen = clock?.serveSeenAt { rows.append(("serve seen", when(seen) ?? "")) }
        let width = rows.map(\.0.count).max() ?? 0
        for (name, value) in rows { print("\(name.padded(to: width))  \(value)") }
    }
}
