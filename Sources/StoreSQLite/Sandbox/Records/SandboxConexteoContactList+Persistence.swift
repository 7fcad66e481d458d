import Foundation
import GRDB
import SandboxStore
import Storage

extension SandboxConexteoContactList: SQLiteMapped {
    static var tableName: String { "sandbox_conexteo_contact_list" }

    init(row: Row) throws {
        self.init(name: row["name"], createdAt: row["created_at"])
        id = row["id"]
        contactsCount = row["contacts_count"] ?? 0
    }

    func encode(to container: inout PersistenceContainer) {
        container["id"] = id
        container["name"] = name
        container["created_at"] = createdAt
    }

    mutating func didInsert(rowID: Int64) { id = rowID }

    /// Lists with their contact counts, for `SELECT`s that want both.
    static func withCounts() -> MappedRequest<SandboxConexteoContactList> {
        MappedRequest(
            request: MappedRecord<SandboxConexteoContactList>.select(
                AllColumns(),
                SQL("(SELECT COUNT(*) FROM sandbox_conexteo_contact c WHERE c.list_id = sandbox_conexteo_contact_list.id)")
                    .forKey("contacts_count")))
    }
}
