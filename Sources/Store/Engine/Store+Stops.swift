import Foundation
import GRDB

extension Store {
    /// Puts `phone` on the stop list; false when it was there already.
    @discardableResult
    public func addStop(_ phone: String, source: String, now: Date) async throws(StoreError) -> Bool {
        try await write("adding \(phone) to the stop list") { db in
            guard try StopRow.fetchOne(db, key: phone) == nil else { return false }
            try StopRow(phone: phone, source: source, createdAt: now).insert(db)
            return true
        }
    }

    /// Takes `phone` off the stop list; false when it was not there.
    @discardableResult
    public func removeStop(_ phone: String) async throws(StoreError) -> Bool {
        try await write("removing \(phone) from the stop list") { db in try StopRow.deleteOne(db, key: phone) }
    }

    /// True when `phone` is on the stop list.
    public func isStopped(_ phone: String) async throws(StoreError) -> Bool {
        try await read("checking the stop list") { db in try StopRow.fetchOne(db, key: phone) != nil }
    }

    /// The stop list, oldest first.
    public func stops() async throws(StoreError) -> [StopRow] {
        try await read("listing the stop list") { db in try StopRow.order(Column("created_at"), Column("phone")).fetchAll(db) }
    }
}
