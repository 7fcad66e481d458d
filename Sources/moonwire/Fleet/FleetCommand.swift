import ArgumentParser
import Engine
import Foundation
import Storage
import StorageBackends

/// `moonwire fleet`: the instances working on the database, live and lapsed.
struct FleetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fleet",
        abstract: "List the moonwire serve instances on the database: live ones, and those whose heartbeat stopped.",
        discussion: """
            Several `moonwire serve` can share one PostgreSQL database (MOONWIRE_DB=postgres://…) \
            and split the work: each claims due sends, flow runs, schedule fires and replies \
            under a lease, and heartbeats every 5 s, which renews everything it holds for \
            30 s. One that dies stops renewing: 30 s later its work is taken over by the others \
            (a send it left in flight is sent again only where the provider dedups, else marked \
            unknown). Jobs that must run once, like polling Conexteo's replies, run on the \
            instance holding a named lease. A clean stop (SIGTERM) hands everything over at once.

            This lists each registered instance: its worker id (host:pid:random), whether it is live, \
            its last heartbeat, how many claims it holds and its named leases. A lapsed one \
            died or lost the database; its record goes after a day. Read-only: run it anywhere \
            the database is reachable. On SQLite one serve works on the file, and it is listed too.

            Examples:
              moonwire fleet
              moonwire fleet --json | jq '.instances[] | select(.live)'
            """)

    @Flag(name: .long, help: "Print one JSON object.")
    var json = false

    func run() async throws {
        let engine = try EngineStore.open(readOnly: true)
        let store = engine.store
        let workers = try await engine.run { () async throws(StorageError) in try await store.workers() }
        let database = StorageBackends.displayed(store.location)
        func when(_ date: Date) -> String { date.formatted(.iso8601) }
        if json {
            let instances: [[String: Any]] = workers.map { status in
                [
                    "worker": status.worker.id, "host": status.worker.host, "pid": status.worker.pid, "backend": status.worker.backend,
                    "started_at": when(status.worker.startedAt), "last_heartbeat": when(status.heartbeatAt),
                    "lease_until": when(status.leaseUntil), "live": status.live, "claims": status.claims, "leases": status.leases,
                ]
            }
            let object: [String: Any] = ["database": database, "backend": store.backend, "instances": instances]
            let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
            print(String(decoding: data, as: UTF8.self))
            return
        }
        print("database \(database) (\(store.backend))")
        let live = workers.filter(\.live)
        let lapsed = workers.filter { !$0.live }
        guard !workers.isEmpty else {
            print("no instance is registered: start one with `moonwire serve`")
            return
        }
        let now = Date()
        func ago(_ date: Date) -> String { "\(max(0, Int(now.timeIntervalSince(date).rounded()))) s ago" }
        let width = max(6, workers.map(\.worker.id.count).max() ?? 0)
        func line(_ status: WorkerStatus) -> String {
            let leases = status.leases.isEmpty ? "-" : status.leases.joined(separator: ",")
            return "  " + status.worker.id.padded(to: width) + "  " + "\(status.worker.backend)".padded(to: 8)
                + "  started \(when(status.worker.startedAt))  heartbeat \(when(status.heartbeatAt)) (\(ago(status.heartbeatAt)))"
                + "  claims \(status.claims)  leases \(leases)"
        }
        print("live instances: \(live.count)")
        for status in live { print(line(status)) }
        if !lapsed.isEmpty {
            print("lapsed instances: \(lapsed.count) (heartbeat stopped: their claims go to the live ones)")
            for status in lapsed { print(line(status)) }
        }
    }
}
