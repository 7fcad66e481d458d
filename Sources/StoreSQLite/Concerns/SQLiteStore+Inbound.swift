import Foundation
import GRDB
import Storage

extension SQLiteStore {
    /// Stores `messages` (skipping provider ids already stored) and moves cursor `cursor` to
    /// `position` in the same transaction, so a poller that crashes re-reads nothing twice and
    /// loses nothing. Returns the newly stored rows.
    public func recordInbound(
        _ messages: [InboundRow], cursor: String? = nil, position: String? = nil
    ) async throws(StorageError) -> [InboundRow] {
        try await write("storing \(messages.count) inbound message(s)") { db in
            var stored: [InboundRow] = []
            for message in messages {
                let exists = try Bool.fetchOne(
                    db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM inbound WHERE provider = ? AND provider_id = ?)"),
                    arguments: [message.provider, message.providerID])
                if exists == true { continue }
                var row = message
                try row.insertCached(db)
                stored.append(row)
            }
            if let cursor, let position {
                try db.setCursor(cursor, to: position)
            }
            return stored
        }
    }

    /// The value of cursor `name`, if set.
    public func cursor(_ name: String) async throws(StorageError) -> String? {
        try await read("reading cursor \(name)") { db in
            try String.fetchOne(db.cachedStatement(sql: "SELECT value FROM cursor WHERE name = ?"), arguments: [name])
        }
    }

    /// The pending messages (``pendingInbound(limit:now:excludingSenders:)``): one process holds
    /// the whole database, so they are its own.
    public func claimPendingInbound(limit: Int, now: Date, excludingSenders: Set<String>, claim: WorkClaim) async throws(StorageError)
        -> [InboundRow]
    {
        try await pendingInbound(limit: limit, now: now, excludingSenders: excludingSenders)
    }

    /// Nothing to give back: one process holds the whole database.
    public func releaseInbound(ids: [Int64], claim: WorkClaim) async throws(StorageError) {}

    /// Inbound messages not yet routed to completion, oldest first; a message deferred to be
    /// routed again (see ``deferInbound(id:retryAt:error:plugins:countsAsAttempt:)``) once its time (real) came.
    public func pendingInbound(limit: Int, now: Date, excludingSenders: Set<String>) async throws(StorageError)
        -> [InboundRow]
    {
        try await read("listing unrouted inbound messages") { db in
            // One cached statement whatever the exclusions (a JSON array read by json_each): the
            // router loop asks this each time a number's routing ends.
            let excluded = String(decoding: try JSONEncoder().encode(excludingSenders.sorted()), as: UTF8.self)
            return try InboundRow.fetchAll(
                db.cachedStatement(
                    sql: """
                        SELECT * FROM inbound
                        WHERE status = 'pending' AND (retry_at IS NULL OR retry_at <= ?)
                          AND from_number NOT IN (SELECT value FROM json_each(?))
                        ORDER BY id LIMIT ?
                        """), arguments: [now.storageText, excluded, limit])
        }
    }

    /// Marks inbound `id` routed, with the handler failures if any.
    public func finishInbound(id: Int64, error: String?, now: Date) async throws(StorageError) {
        try await write("marking inbound \(id) handled") { db in
            try db.cachedStatement(sql: "UPDATE inbound SET status = 'handled', error = ?, handled_at = ? WHERE id = ?")
                .execute(arguments: [error, now.storageText, id])
        }
    }

    /// The last `limit` inbound messages, newest first.
    public func recentInbound(limit: Int = 20) async throws(StorageError) -> [InboundRow] {
        try await read("listing inbound messages") { db in
            try InboundRow.order(Column("id").desc).limit(limit).fetchAll(db)
        }
    }

    /// How many inbound messages have each status.
    public func inboundCounts() async throws(StorageError) -> (pending: Int, handled: Int) {
        try await read("counting inbound messages") { db in
            let pending = try InboundRow.filter(Column("status") == "pending").fetchCount(db)
            let handled = try InboundRow.filter(Column("status") == "handled").fetchCount(db)
            return (pending, handled)
        }
    }
}
