import Foundation
import PostgresNIO
import SandboxStore

extension SandboxConexteoContactList: PostgresMapped {
    /// The list's columns and its contact count (not a column).
    static let columns = """
        id, name, created_at,
        (SELECT count(*) FROM sandbox_conexteo_contact c WHERE c.list_id = sandbox_conexteo_contact_list.id) AS contacts_count
        """

    init(postgres c: PostgresColumns) throws {
        self.init(name: try c("name"), createdAt: try c("created_at"))
        id = try c("id")
        contactsCount = try c("contacts_count")
    }
}
