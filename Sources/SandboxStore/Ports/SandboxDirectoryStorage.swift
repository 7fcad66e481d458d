import Foundation
import Storage

/// The Conexteo emulation's directory: the stop list (which any sandbox send may consult to
/// honour opt-outs), contact lists and their contacts.
public protocol SandboxDirectoryStorage: Sendable {
    // Stops.

    /// Stops every number of `recipients` (E.164) in one transaction, in order; a number already
    /// stopped, or given twice, is not stopped again.
    func addSandboxStops(recipients: [String], at date: Date) async throws(StorageError) -> [SandboxStopAddition]
    /// Stop entries in the order they were added, from `offset`, at most `limit`.
    func sandboxStops(offset: Int, limit: Int?) async throws(StorageError) -> [SandboxConexteoStop]
    /// How many numbers are stopped.
    func sandboxStopCount() async throws(StorageError) -> Int
    /// The stop entry for `recipient` (E.164), if it is stopped.
    func sandboxStop(recipient: String) async throws(StorageError) -> SandboxConexteoStop?
    /// The numbers of `recipients` (E.164) that are stopped.
    func sandboxStoppedRecipients(among recipients: [String]) async throws(StorageError) -> Set<String>
    /// Removes the stop entry `id`; returns it, or nil when there is none.
    func deleteSandboxStop(id: Int64) async throws(StorageError) -> SandboxConexteoStop?
    /// Takes `recipient` (E.164) off the stop list (an opt-in); returns the entry removed, if any.
    func deleteSandboxStop(recipient: String) async throws(StorageError) -> SandboxConexteoStop?

    // Contact lists.

    /// Creates an empty contact list.
    func createSandboxContactList(name: String, at date: Date) async throws(StorageError) -> SandboxConexteoContactList
    /// Contact lists in creation order, with their counts; `search` keeps those whose name
    /// contains it, whatever the case.
    func sandboxContactLists(search: String?) async throws(StorageError) -> [SandboxConexteoContactList]
    /// The contact list `id` with its count, if any.
    func sandboxContactList(id: Int64) async throws(StorageError) -> SandboxConexteoContactList?
    /// Renames the contact list `id`; nil when there is none.
    func renameSandboxContactList(id: Int64, to name: String) async throws(StorageError) -> SandboxConexteoContactList?
    /// Deletes the contact list `id` and its contacts; false when there is none.
    func deleteSandboxContactList(id: Int64) async throws(StorageError) -> Bool
    /// The ids of `ids` that name no contact list.
    func missingSandboxContactLists(among ids: [Int64]) async throws(StorageError) -> [Int64]

    // Contacts.

    /// Adds `contacts` to the list `listID` in one transaction (their own `listID` is replaced)
    /// and returns them with their ids; nil, storing nothing, when the list does not exist.
    func addSandboxContacts(_ contacts: [SandboxConexteoContact], toList listID: Int64)
        async throws(StorageError) -> [SandboxConexteoContact]?
    /// The contacts of list `listID` in the order they were added, from `offset`, at most `limit`.
    func sandboxContacts(listID: Int64, offset: Int, limit: Int?) async throws(StorageError) -> [SandboxConexteoContact]
    /// How many contacts list `listID` holds.
    func sandboxContactCount(listID: Int64) async throws(StorageError) -> Int
    /// The contact `id`, if any.
    func sandboxContact(id: Int64) async throws(StorageError) -> SandboxConexteoContact?
    /// Saves `contact` over the stored one with its id; false when there is none.
    func updateSandboxContact(_ contact: SandboxConexteoContact) async throws(StorageError) -> Bool
    /// Deletes the contact `id`; false when there is none.
    func deleteSandboxContact(id: Int64) async throws(StorageError) -> Bool
    /// The numbers of every contact of the lists `listIDs`, list by list in the order given, each
    /// list's in the order added; repeats are kept (a list send counts them).
    func sandboxContactNumbers(listIDs: [Int64]) async throws(StorageError) -> [String]
}

extension SandboxDirectoryStorage {
    /// Stops `recipient` (E.164) at `date`, or returns its existing entry.
    public func addSandboxStop(recipient: String, at date: Date) async throws(StorageError) -> SandboxStopAddition {
        try await addSandboxStops(recipients: [recipient], at: date)[0]
    }

    /// Every stop entry, in the order they were added.
    public func sandboxStops() async throws(StorageError) -> [SandboxConexteoStop] {
        try await sandboxStops(offset: 0, limit: nil)
    }

    /// Every contact list, in creation order, with their counts.
    public func sandboxContactLists() async throws(StorageError) -> [SandboxConexteoContactList] {
        try await sandboxContactLists(search: nil)
    }

    /// Every contact of list `listID`, in the order they were added.
    public func sandboxContacts(listID: Int64) async throws(StorageError) -> [SandboxConexteoContact] {
        try await sandboxContacts(listID: listID, offset: 0, limit: nil)
    }
}
