import Foundation
import GRDB
import Storage

/// A contact list of the sandbox's Conexteo emulation.
public struct SandboxConexteoContactList: Sendable, Hashable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "sandbox_conexteo_contact_list"

    /// The list's id, assigned when stored.
    public var id: Int64?
    /// The list's name.
    public var name: String
    /// When it was created.
    public var createdAt: Date
    /// How many contacts the list holds, as counted when it was read (not a column).
    public var contactsCount: Int

    /// A list not yet stored.
    public init(name: String, createdAt: Date) {
        self.name = name
        self.createdAt = createdAt
        self.contactsCount = 0
    }

    public init(row: Row) throws {
        id = row["id"]
        name = row["name"]
        createdAt = row["created_at"]
        contactsCount = row["contacts_count"] ?? 0
    }

    public func encode(to container: inout PersistenceContainer) throws {
        container["id"] = id
        container["name"] = name
        container["created_at"] = createdAt
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    /// Lists with their contact counts, for `SELECT`s that want both.
    static func withCounts() -> QueryInterfaceRequest<SandboxConexteoContactList> {
        SandboxConexteoContactList.select(
            AllColumns(),
            SQL("(SELECT COUNT(*) FROM sandbox_conexteo_contact c WHERE c.list_id = sandbox_conexteo_contact_list.id)")
                .forKey("contacts_count"))
    }
}
