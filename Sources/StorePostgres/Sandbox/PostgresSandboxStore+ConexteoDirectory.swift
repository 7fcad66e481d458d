import Foundation
import PostgresNIO
import SandboxStore
import Storage

// The sandbox's Conexteo directory: the stop list (which any sandbox send may consult to honour
// opt-outs), contact lists and their contacts.

extension PostgresSandboxStore {
    // MARK: - Stops

    /// Stops every number of `recipients` (E.164) in one transaction, in order; a number already
    /// stopped, or given twice, is not stopped again. The unique number decides between two
    /// processes stopping one number at once: the later waits, then finds the entry.
    public func addSandboxStops(recipients: [String], at date: Date) async throws(StorageError) -> [SandboxStopAddition] {
        let logger = self.logger
        return try await write("stopping \(recipients.count) number(s)") { db in
            var additions: [SandboxStopAddition] = []
            for recipient in recipients {
                if let stop = try SandboxConexteoStop.first(
                    try await db.rows(
                        """
                        INSERT INTO sandbox_conexteo_stop (recipient, created_at) VALUES (\(recipient), \(date.pg))
                        ON CONFLICT (recipient) DO NOTHING RETURNING \(unescaped: SandboxConexteoStop.columns)
                        """, logger))
                {
                    additions.append(SandboxStopAddition(stop: stop, isNew: true))
                    continue
                }
                guard
                    let existing = try SandboxConexteoStop.first(
                        try await db.rows(
                            "SELECT \(unescaped: SandboxConexteoStop.columns) FROM sandbox_conexteo_stop WHERE recipient = \(recipient)",
                            logger))
                else { throw StorageError(.internal, "\(recipient) was neither stopped nor found on the stop list") }
                additions.append(SandboxStopAddition(stop: existing, isNew: false))
            }
            return additions
        }
    }

    /// Stop entries in the order they were added, from `offset`, at most `limit`.
    public func sandboxStops(offset: Int, limit: Int?) async throws(StorageError) -> [SandboxConexteoStop] {
        let logger = self.logger
        return try await read("listing stopped numbers") { db in
            try SandboxConexteoStop.all(
                try await db.rows(
                    "SELECT \(unescaped: SandboxConexteoStop.columns) FROM sandbox_conexteo_stop ORDER BY id LIMIT \(limit) OFFSET \(offset)",
                    logger))
        }
    }

    /// How many numbers are stopped.
    public func sandboxStopCount() async throws(StorageError) -> Int {
        let logger = self.logger
        return try await read("counting stopped numbers") { db in
            try await db.value("SELECT count(*) FROM sandbox_conexteo_stop", logger, as: Int.self) ?? 0
        }
    }

    /// The stop entry for `recipient` (E.164), if it is stopped.
    public func sandboxStop(recipient: String) async throws(StorageError) -> SandboxConexteoStop? {
        let logger = self.logger
        return try await read("reading the stop of \(recipient)") { db in
            try SandboxConexteoStop.first(
                try await db.rows(
                    "SELECT \(unescaped: SandboxConexteoStop.columns) FROM sandbox_conexteo_stop WHERE recipient = \(recipient)", logger))
        }
    }

    /// The numbers of `recipients` (E.164) that are stopped (one array bound, whatever its size).
    public func sandboxStoppedRecipients(among recipients: [String]) async throws(StorageError) -> Set<String> {
        let logger = self.logger
        return try await read("checking \(recipients.count) number(s) against the stop list") { db in
            let rows = try await db.rows("SELECT recipient FROM sandbox_conexteo_stop WHERE recipient = ANY(\(recipients))", logger)
            return Set(try rows.map { try $0.decode(String.self) })
        }
    }

    /// Removes the stop entry `id`; returns it, or nil when there is none.
    public func deleteSandboxStop(id: Int64) async throws(StorageError) -> SandboxConexteoStop? {
        let logger = self.logger
        return try await write("deleting stop \(id)") { db in
            try SandboxConexteoStop.first(
                try await db.rows(
                    "DELETE FROM sandbox_conexteo_stop WHERE id = \(id) RETURNING \(unescaped: SandboxConexteoStop.columns)", logger))
        }
    }

    /// Takes `recipient` (E.164) off the stop list (an opt-in); returns the entry removed, if any.
    public func deleteSandboxStop(recipient: String) async throws(StorageError) -> SandboxConexteoStop? {
        let logger = self.logger
        return try await write("deleting the stop of \(recipient)") { db in
            try SandboxConexteoStop.first(
                try await db.rows(
                    "DELETE FROM sandbox_conexteo_stop WHERE recipient = \(recipient) RETURNING \(unescaped: SandboxConexteoStop.columns)",
                    logger))
        }
    }

    // MARK: - Contact lists

    /// Creates an empty contact list.
    public func createSandboxContactList(name: String, at date: Date) async throws(StorageError) -> SandboxConexteoContactList {
        let logger = self.logger
        return try await write("creating contact list \(name)") { db in
            guard
                let id = try await db.value(
                    "INSERT INTO sandbox_conexteo_contact_list (name, created_at) VALUES (\(name), \(date.pg)) RETURNING id", logger,
                    as: Int64.self)
            else { throw StorageError(.internal, "contact list \(name) was not stored") }
            var list = SandboxConexteoContactList(name: name, createdAt: date)
            list.id = id
            return list
        }
    }

    /// Contact lists in creation order, with their counts; `search` keeps those whose name
    /// contains it, whatever the case.
    public func sandboxContactLists(search: String?) async throws(StorageError) -> [SandboxConexteoContactList] {
        let logger = self.logger
        let search = search.flatMap { $0.isEmpty ? nil : $0 }
        return try await read("listing contact lists") { db in
            try SandboxConexteoContactList.all(
                try await db.rows(
                    """
                    SELECT \(unescaped: SandboxConexteoContactList.columns) FROM sandbox_conexteo_contact_list
                    WHERE \(search)::text IS NULL OR strpos(lower(name), lower(\(search)::text)) > 0 ORDER BY id
                    """, logger))
        }
    }

    /// The contact list `id` with its count, if any.
    public func sandboxContactList(id: Int64) async throws(StorageError) -> SandboxConexteoContactList? {
        let logger = self.logger
        return try await read("reading contact list \(id)") { db in
            try SandboxConexteoContactList.first(
                try await db.rows(
                    "SELECT \(unescaped: SandboxConexteoContactList.columns) FROM sandbox_conexteo_contact_list WHERE id = \(id)", logger))
        }
    }

    /// Renames the contact list `id`; nil when there is none.
    public func renameSandboxContactList(id: Int64, to name: String) async throws(StorageError) -> SandboxConexteoContactList? {
        let logger = self.logger
        return try await write("renaming contact list \(id)") { db in
            try SandboxConexteoContactList.first(
                try await db.rows(
                    """
                    UPDATE sandbox_conexteo_contact_list SET name = \(name) WHERE id = \(id)
                    RETURNING \(unescaped: SandboxConexteoContactList.columns)
                    """, logger))
        }
    }

    /// Deletes the contact list `id` and its contacts; false when there is none.
    public func deleteSandboxContactList(id: Int64) async throws(StorageError) -> Bool {
        let logger = self.logger
        return try await write("deleting contact list \(id)") { db in
            try await db.execute("DELETE FROM sandbox_conexteo_contact WHERE list_id = \(id)", logger)
            return try await db.execute("DELETE FROM sandbox_conexteo_contact_list WHERE id = \(id)", logger) > 0
        }
    }

    /// The ids of `ids` that name no contact list.
    public func missingSandboxContactLists(among ids: [Int64]) async throws(StorageError) -> [Int64] {
        let logger = self.logger
        return try await read("checking contact lists") { db in
            let rows = try await db.rows("SELECT id FROM sandbox_conexteo_contact_list WHERE id = ANY(\(ids))", logger)
            let existing = Set(try rows.map { try $0.decode(Int64.self) })
            return ids.filter { !existing.contains($0) }
        }
    }

    // MARK: - Contacts

    /// Adds `contacts` to the list `listID` in one transaction (their own `listID` is replaced)
    /// and returns them with their ids; nil, storing nothing, when the list does not exist. The
    /// list is share-locked, so a delete from another process waits for the additions.
    public func addSandboxContacts(_ contacts: [SandboxConexteoContact], toList listID: Int64)
        async throws(StorageError) -> [SandboxConexteoContact]?
    {
        let logger = self.logger
        return try await write("adding \(contacts.count) contact(s) to list \(listID)") { db in
            let exists = try await db.rows("SELECT 1 FROM sandbox_conexteo_contact_list WHERE id = \(listID) FOR SHARE", logger)
            guard !exists.isEmpty else { return nil }
            var stored: [SandboxConexteoContact] = []
            for contact in contacts {
                guard let row = try SandboxConexteoContact.first(try await db.rows(contact.insertQuery(listID: listID), logger)) else {
                    throw StorageError(.internal, "contact \(contact.tel) was not stored")
                }
                stored.append(row)
            }
            return stored
        }
    }

    /// The contacts of list `listID` in the order they were added, from `offset`, at most `limit`.
    public func sandboxContacts(listID: Int64, offset: Int, limit: Int?) async throws(StorageError)
        -> [SandboxConexteoContact]
    {
        let logger = self.logger
        return try await read("listing the contacts of list \(listID)") { db in
            try SandboxConexteoContact.all(
                try await db.rows(
                    """
                    SELECT \(unescaped: SandboxConexteoContact.columns) FROM sandbox_conexteo_contact
                    WHERE list_id = \(listID) ORDER BY id LIMIT \(limit) OFFSET \(offset)
                    """, logger))
        }
    }

    /// How many contacts list `listID` holds.
    public func sandboxContactCount(listID: Int64) async throws(StorageError) -> Int {
        let logger = self.logger
        return try await read("counting the contacts of list \(listID)") { db in
            try await db.value("SELECT count(*) FROM sandbox_conexteo_contact WHERE list_id = \(listID)", logger, as: Int.self) ?? 0
        }
    }

    /// The contact `id`, if any.
    public func sandboxContact(id: Int64) async throws(StorageError) -> SandboxConexteoContact? {
        let logger = self.logger
        return try await read("reading contact \(id)") { db in
            try SandboxConexteoContact.first(
                try await db.rows(
                    "SELECT \(unescaped: SandboxConexteoContact.columns) FROM sandbox_conexteo_contact WHERE id = \(id)", logger))
        }
    }

    /// Saves `contact` over the stored one with its id; false when there is none.
    public func updateSandboxContact(_ contact: SandboxConexteoContact) async throws(StorageError) -> Bool {
        guard let id = contact.id else { return false }
        let logger = self.logger
        return try await write("updating contact \(id)") { db in
            try await db.execute(contact.updateQuery(id: id), logger) > 0
        }
    }

    /// Deletes the contact `id`; false when there is none.
    public func deleteSandboxContact(id: Int64) async throws(StorageError) -> Bool {
        let logger = self.logger
        return try await write("deleting contact \(id)") { db in
            try await db.execute("DELETE FROM sandbox_conexteo_contact WHERE id = \(id)", logger) > 0
        }
    }

    /// The numbers of every contact of the lists `listIDs`, list by list in the order given, each
    /// list's in the order added; repeats are kept (a list send counts them).
    public func sandboxContactNumbers(listIDs: [Int64]) async throws(StorageError) -> [String] {
        let logger = self.logger
        return try await read("reading the numbers of \(listIDs.count) contact list(s)") { db in
            // WITH ORDINALITY keeps the lists' order, and a list named twice counts twice.
            let rows = try await db.rows(
                """
                SELECT c.tel FROM unnest(\(listIDs)::bigint[]) WITH ORDINALITY AS l(id, ord)
                JOIN sandbox_conexteo_contact c ON c.list_id = l.id ORDER BY l.ord, c.id
                """, logger)
            return try rows.map { try $0.decode(String.self) }
        }
    }
}
