import Foundation
import GRDB
import SandboxStore
import Storage

extension SandboxConexteoTemplate: SQLiteMapped {
    static var tableName: String { "sandbox_conexteo_template" }

    init(row: Row) throws {
        let kindText: String = row["kind"]
        guard let kind = Kind(rawValue: kindText) else {
            throw StorageError.corrupt("Conexteo template \(row["id"] as Int64? ?? 0)", kindText)
        }
        self.init(
            id: row["id"], kind: kind, name: row["name"], content: row["content"], sender: row["sender"],
            rcsType: row["rcs_type"], rcsText: row["rcs_text"], rcsCard: row["rcs_card"], rcsCarousel: row["rcs_carousel"],
            shortURL: row["shorturl"], fallbackContent: row["fallback_content"], fallbackSender: row["fallback_sender"],
            createdAt: row["created_at"], updatedAt: row["updated_at"])
    }

    func encode(to container: inout PersistenceContainer) {
        container["id"] = id
        container["kind"] = kind.rawValue
        container["name"] = name
        container["content"] = content
        container["sender"] = sender
        container["rcs_type"] = rcsType
        container["rcs_text"] = rcsText
        container["rcs_card"] = rcsCard
        container["rcs_carousel"] = rcsCarousel
        container["shorturl"] = shortURL
        container["fallback_content"] = fallbackContent
        container["fallback_sender"] = fallbackSender
        container["created_at"] = createdAt
        container["updated_at"] = updatedAt
    }

    mutating func didInsert(rowID: Int64) { id = rowID }
}
