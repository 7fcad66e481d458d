import Foundation

/// The instances (`moonwire serve`) working on one database, and what they hold (DESIGN.md §2.8):
/// each registers as a worker, heartbeats every few seconds (which extends every claim it holds
/// to a new expiry), and deregisters on a clean stop, releasing what it held. A worker whose
/// heartbeat stopped lets its claims lapse, and the others take its work over. Named leases
/// give one instance at a time a singleton job (a poller that owns a cursor).
public protocol FleetStorage: Sendable {
    /// The backend's name, as `moonwire serve` and `moonwire fleet` show it (`sqlite`, `postgres`).
    var backend: String { get }
    /// The schema changes this open of the database applied, in order (empty when it was current).
    var migrationsApplied: [String] { get }
    /// Every schema change this version knows, in order, with whether the database has it.
    func schemaMigrations() async throws(StorageError) -> [(name: String, applied: Bool)]

    /// Records `worker` as running (replacing a record of the same id), its heartbeat now and
    /// its claims valid until `until`.
    func registerWorker(_ worker: WorkerRow, until: Date) async throws(StorageError)
    /// Says `worker` is alive: its record and every claim it holds (sends in flight, flow runs,
    /// schedule fires, inbound messages, named leases) now run until `until`. Returns how many
    /// claims it holds; nil when the worker is not registered (its record was removed).
    @discardableResult
    func heartbeat(worker: String, until: Date) async throws(StorageError) -> Int?
    /// A clean stop: `worker` releases its flow runs, schedule fires, inbound messages and named
    /// leases for others to take at once, lets the sends it left in flight lapse (recovered under
    /// the exactly-once rules), and removes its record.
    func deregisterWorker(_ worker: String) async throws(StorageError)
    /// The registered workers, live first (by start), then those whose heartbeat lapsed.
    func workers() async throws(StorageError) -> [WorkerStatus]

    /// Takes or renews named lease `name` for `claim`'s worker until `claim.until`, unless another
    /// worker holds it with a live expiry; true when `claim.worker` holds it now.
    func acquireLease(_ name: String, claim: WorkClaim) async throws(StorageError) -> Bool
    /// Gives up named lease `name` if `worker` holds it.
    func releaseLease(_ name: String, worker: String) async throws(StorageError)

    /// Sends left `sending` by a worker whose claim lapsed (it died, or stopped without finishing
    /// them): back to `pending` when the provider dedups, else `unknown` (at most once). Rows a
    /// live worker holds are left alone. A one-process backend has none to find after its start.
    func recoverLapsedSends(providerDedups: Bool, now: Date) async throws(StorageError) -> Int
}
