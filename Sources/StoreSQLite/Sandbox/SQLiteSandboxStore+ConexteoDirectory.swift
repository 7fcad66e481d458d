import Foundation
import GRDB
import SandboxStore
import Storage

// The sandbox's Conexteo directory: the stop list (which any sandbox send may consult to honour
// opt-outs), contact lists and their contacts.

extension SQLiteSandboxStore {
    // MARK: - Stops

    /// Stops every number of `recipients` (E.164) in one transaction, in order; a number already
    /// stopped, or given twice, is not stopped again.
    public func addSandboxStops(recipients: [String], at date: Date) async throws(StorageError) -> [SandboxStopAddition] {
        try await write("stopping \(recipients.count) number(s)") { db in
            try recipients.map { recipient in
                if let existing = try SandboxConexteoStop.filter(Column("recipient") == recipient).fetchOne(db) {
                    return SandboxStopAddition(stop: existing, isNew: false)
                }
                var stop = SandboxConexteoStop(recipient: recipient, createdAt: date)
                try stop.insert(db)
                return SandboxStopAddition(stop: stop, isNew: true)
            }
        }
    }

    /// Stop entries in the order they were added, from `offset`, at most `limit`.
    public func sandboxStops(offset: Int, limit: Int?) async throws(StorageError) -> [SandboxConexteoStop] {
        try await read("listing stopped numbers") { db in
            try SandboxConexteoStop.order(Column("id")).limit(limit ?? -1, offset: offset).fetchAll(db)
        }
    }

    /// How many numbers are stopped.
    public func sandboxStopCount() async throws(StorageError) -> Int {
        try await read("counting stopped numbers") { db in try SandboxConexteoStop.fetchCount(db) }
    }

    /// The stop entry for `recipient` (E.164), if it is stopped.
    public func sandboxStop(recipient: String) async throws(StorageError) -> SandboxConexteoStop? {
        try await read("reading the stop of \(recipient)") { db in
            try SandboxConexteoStop.filter(Column("recipient") == recipient).fetchOne(db)
        }
    }

    /// The numbers of `recipients` (E.164) that are stopped.
    public func sandboxStoppedRecipients(among recipients: [String]) async throws(StorageError) -> Set<String> {
        try await read("checking \(recipients.count) number(s) against the stop list") { db in
            var stopped = Set<String>()
            // In chunks: SQLite limits the number of bound values in one statement.
            var start = 0
            while start < recipients.count {
                let chunk = Array(recipients[start..<min(start + 500, recipients.count)])
                let found = try String.fetchAll(
                    db, MappedRecord<SandboxConexteoStop>.select(Column("recipient")).filter(chunk.contains(Column("recipient"))))
                stopped.formUnion(found)
                start += 500
            }
            return stopped
        }
    }

    /// Removes the stop entry `id`; returns it, or nil when there is none.
    public func deleteSandboxStop(id: Int64) async throws(StorageError) -> SandboxConexteoStop? {
        try await write("deleting stop \(id)") { db in
            guard let stop = try SandboxConexteoStop.fetchOne(db, key: id) else { return nil }
            try stop.delete(db)
            return stop
        }
    }

    /// Takes `recipient` (E.164) off the stop list (an opt-in); returns the entry removed, if any.
    public func deleteSandboxStop(recipient: String) async throws(StorageError) -> SandboxConexteoStop? {
        try await write("deleting the stop of \(recipient)") { db in
            guard let stop = try SandboxConexteoStop.filter(Column("recipient") == recipient).fetchOne(db) else { return nil }
            try stop.delete(db)
            return stop
        }
    }

    // MARK: - Contact lists

    /// Creates an empty contact list.
    public func createSandboxContactList(name: String, at date: Date) async throws(StorageError) -> SandboxConexteoContactList {
        try await write("creating contact list \(name)") { db in
            var list = SandboxConexteoContactList(name: name, createdAt: date)
            try list.insert(db)
            return list
        }
    }

    /// Contact lists in creation order, with their counts; `search` keeps those whose name
    /// contains it, whatever the case.
    public func sandboxContactLists(search: String?) async throws(StorageError) -> [SandboxConexteoContactList] {
        try await read("listing contact lists") { db in
            var request = SandboxConexteoContactList.withCounts().order(Column("id"))
            if let search, !search.isEmpty {
                request = request.filter(sql: "instr(lower(name), lower(?)) > 0", arguments: [search])
            }
            return try request.fetchAll(db)
        }
    }

    /// The contact list `id` with its count, if any.
    public func sandboxContactList(id: Int64) async throws(StorageError) -> SandboxConexteoContactList? {
        try await read("reading contact list \(id)") { db in
            try SandboxConexteoContactList.withCounts().filter(Column("id") == id).fetchOne(db)
        }
    }

    /// Renames the contact list `id`; nil when there is none.
    public func renameSandboxContactList(id: Int64, to name: String) async throws(StorageError) -> SandboxConexteoContactList? {
        try await write("renaming contact list \(id)") { db in
            try db.execute(sql: "UPDATE sandbox_conexteo_contact_list SET name = ? WHERE id = ?", arguments: [name, id])
            guard db.changesCount > 0 else { return nil }
            return try SandboxConexteoContactList.withCounts().filter(Column("id") == id).fetchOne(db)
        }
    }

    /// Deletes the contact list `id` and its contacts; false when there is none.
    public func deleteSandboxContactList(id: Int64) async throws(StorageError) -> Bool {
        try await write("deleting contact list \(id)") { db in
            // Contacts first, explicitly: the cascade depends on foreign keys being enabled.
            try db.execute(sql: "DELETE FROM sandbox_conexteo_contact WHERE list_id = ?", arguments: [id])
            return try SandboxConexteoContactList.deleteOne(db, key: id)
        }
    }

    /// The ids of `ids` that name no contact list.
    public func missingSandboxContactLists(among ids: [Int64]) async throws(StorageError) -> [Int64] {
        try await read("checking contact lists") { db in
            let existing = Set(try Int64.fetchAll(db, MappedRecord<SandboxConexteoContactList>.select(Column("id")).filter(keys: ids)))
            return ids.filter { !existing.contains($0) }
        }
    }

    // MARK: - Contacts

    /// Adds `contacts` to the list `listID` in one transaction (their own `listID` is replaced)
    /// and returns them with their ids; nil, storing nothing, when the list does not exist.
    public func addSandboxContacts(_ contacts: [SandboxConexteoContact], toList listID: Int64)
        async throws(StorageError) -> [SandboxConexteoContact]?
    {
        try await write("adding \(contacts.count) contact(s) to list \(listID)") { db in
            guard try SandboxConexteoContactList.exists(db, key: listID) else { return nil }
            return try contacts.map { contact in
                var stored = contact
                stored.id = nil
                stored.listID = listID
                try stored.insert(db)
                return stored
            }
        }
    }

    /// The contacts of list `listID` in the order they were added, from `offset`, at most `limit`.
    public func sandboxContacts(listID: Int64, offset: Int, limit: Int?) async throws(StorageError)
        -> [SandboxConexteoContact]
    {
        try await read("listing the contacts of list \(listID)") { db in
            try SandboxConexteoContact.filter(Column("list_id") == listID).order(Column("id"))
                .limit(limit ?? -1, offset: offset).fetchAll(db)
        }
    }

    /// How many contacts list `listID` holds.
    public func sandboxContactCount(listID: Int64) async throws(StorageError) -> Int {
        try await read("counting the contacts of list \(listID)") { db in
            try SandboxConexteoContact.filter(Column("list_id") == listID).fetchCount(db)
        }
    }

    /// The contact `id`, if any.
    public func sandboxContact(id: Int64) async throws(StorageError) -> SandboxConexteoContact? {
        try await read("reading contact \(id)") { db in try SandboxConexteoContact.fetchOne(db, key: id) }
    }

    /// Saves `contact` over the stored one with its id; false when there is none.
    public func updateSandboxContact(_ contact: SandboxConexteoContact) async throws(StorageError) -> Bool {
        guard let id = contact.id else { return false }
        return try await write("updating contact \(id)") { db in
            guard try SandboxConexteoContact.exists(db, key: id) else { return false }
            try contact.update(db)
            return true
        }
    }

    /// Deletes the contact `id`; false when there is none.
    public func deleteSandboxContact(id: Int64) async throws(StorageError) -> Bool {
        try await write("deleting contact \(id)") { db in try SandboxConexteoContact.deleteOne(db, key: id) }
    }

    /// The numbers of every contact of the lists `listIDs`, list by list in the order given, each
    /// list's in the order added; repeats are kept (a list send counts them).
    public func sandboxContactNumbers(listIDs: [Int64]) async throws(StorageError) -> [String] {
        try await read("reading the numbers of \(listIDs.count) contact list(s)") { db in
            try listIDs.flatMap { id in
                try String.fetchAll(
                    db, sql: "SELECT tel FROM sandbox_conexteo_contact WHERE list_id = ? ORDER BY id", arguments: [id])
            }
        }
    }
}
