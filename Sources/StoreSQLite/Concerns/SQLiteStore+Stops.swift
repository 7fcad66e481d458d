import Foundation
import GRDB
import Storage

extension SQLiteStore {
    /// Puts `phone` on the stop list; false when it was there already.
    @discardableResult
    public func addStop(_ phone: String, source: StopRow.Source, now: Date) async throws(StorageError) -> Bool {
        try await write("adding \(phone) to the stop list") { db in
            guard try StopRow.fetchOne(db, key: phone) == nil else { return false }
            var stop = StopRow(phone: phone, source: source, createdAt: now)
            try stop.insert(db)
            return true
        }
    }

    /// Takes `phone` off the stop list; false when it was not there.
    @discardableResult
    public func removeStop(_ phone: String) async throws(StorageError) -> Bool {
        try await write("removing \(phone) from the stop list") { db in try StopRow.deleteOne(db, key: phone) }
    }

    /// An opt-out reply's effect, in one transaction: `phone` goes on (`stop`) or off the stop
    /// list and, when that changed the list, `confirmation` is queued. Returns the confirmation's
    /// row whenever it exists (also when a crash came between this commit and its send, so the
    /// re-run sends it), nil when the list did not change and none was queued.
    public func applyOptOut(
        _ phone: String, stop: Bool, source: StopRow.Source, confirmation: OutboxRow, now: Date
    ) async throws(StorageError) -> (changed: Bool, confirmation: OutboxRow?) {
        try await write("applying an opt-out reply from \(phone)") { db in
            let changed: Bool
            if stop {
                changed = try StopRow.fetchOne(db, key: phone) == nil
                if changed {
                    var stop = StopRow(phone: phone, source: source, createdAt: now)
                    try stop.insert(db)
                }
            } else {
                changed = try StopRow.deleteOne(db, key: phone)
            }
            if let existing = try OutboxRow.filter(Column("dedup_key") == confirmation.dedupKey).fetchOne(db) {
                return (changed, existing)
            }
            guard changed else { return (false, nil) }
            var row = confirmation
            try row.insert(db)
            return (true, row)
        }
    }

    /// True when `phone` is on the stop list.
    public func isStopped(_ phone: String) async throws(StorageError) -> Bool {
        try await read("checking the stop list") { db in try StopRow.fetchOne(db, key: phone) != nil }
    }

    /// The stop list, oldest first.
    public func stops() async throws(StorageError) -> [StopRow] {
        try await read("listing the stop list") { db in try StopRow.order(Column("created_at"), Column("phone")).fetchAll(db) }
    }
}
