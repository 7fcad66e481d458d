import Foundation
import PostgresNIO
import Storage

extension PostgresStore {
    public func addStop(_ phone: String, source: StopRow.Source, now: Date) async throws(StorageError) -> Bool {
        let logger = self.logger
        return try await write("adding \(phone) to the stop list") { db in
            try await db.execute(
                "INSERT INTO stop (phone, source, created_at) VALUES (\(phone), \(source.rawValue), \(now.pg)) ON CONFLICT (phone) DO NOTHING",
                logger) > 0
        }
    }

    public func removeStop(_ phone: String) async throws(StorageError) -> Bool {
        let logger = self.logger
        return try await write("removing \(phone) from the stop list") { db in
            try await db.execute("DELETE FROM stop WHERE phone = \(phone)", logger) > 0
        }
    }

    public func applyOptOut(
        _ phone: String, stop: Bool, source: StopRow.Source, confirmation: OutboxRow, now: Date
    ) async throws(StorageError) -> (changed: Bool, confirmation: OutboxRow?) {
        let logger = self.logger
        return try await write("applying an opt-out reply from \(phone)") { db in
            let changed: Bool
            if stop {
                changed = try await db.execute(
                    "INSERT INTO stop (phone, source, created_at) VALUES (\(phone), \(source.rawValue), \(now.pg)) ON CONFLICT (phone) DO NOTHING",
                    logger) > 0
            } else {
                changed = try await db.execute("DELETE FROM stop WHERE phone = \(phone)", logger) > 0
            }
            if let existing = try OutboxRow.first(
                try await db.rows("SELECT \(unescaped: OutboxRow.columns) FROM outbox WHERE dedup_key = \(confirmation.dedupKey)", logger))
            {
                return (changed, existing)
            }
            guard changed else { return (false, nil) }
            switch try await PostgresStore.enqueue(confirmation, db, logger) {
            case .inserted(let row), .existing(let row): return (true, row)
            }
        }
    }

    public func isStopped(_ phone: String) async throws(StorageError) -> Bool {
        let logger = self.logger
        return try await read("checking the stop list") { db in
            try await db.value("SELECT EXISTS (SELECT 1 FROM stop WHERE phone = \(phone))", logger, as: Bool.self) ?? false
        }
    }

    public func stops() async throws(StorageError) -> [StopRow] {
        let logger = self.logger
        return try await read("listing the stop list") { db in
            try StopRow.all(try await db.rows("SELECT \(unescaped: StopRow.columns) FROM stop ORDER BY created_at, phone", logger))
        }
    }
}
