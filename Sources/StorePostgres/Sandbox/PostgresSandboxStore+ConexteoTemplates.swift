import Foundation
import PostgresNIO
import SandboxStore
import Storage

extension PostgresSandboxStore {
    /// Stores a new Conexteo template and returns it with its id.
    public func insertSandboxConexteoTemplate(_ template: SandboxConexteoTemplate) async throws(StorageError)
        -> SandboxConexteoTemplate
    {
        let logger = self.logger
        return try await write("storing Conexteo template \(template.name)") { db in
            let t = template
            guard
                let stored = try SandboxConexteoTemplate.first(
                    try await db.rows(
                        """
                        INSERT INTO sandbox_conexteo_template (kind, name, content, sender, rcs_type, rcs_text, rcs_card, rcs_carousel,
                          shorturl, fallback_content, fallback_sender, created_at, updated_at)
                        VALUES (\(t.kind.rawValue), \(t.name), \(t.content), \(t.sender), \(t.rcsType), \(t.rcsText), \(t.rcsCard),
                          \(t.rcsCarousel), \(t.shortURL), \(t.fallbackContent), \(t.fallbackSender), \(t.createdAt.pg), \(t.updatedAt.pg))
                        RETURNING \(unescaped: SandboxConexteoTemplate.columns)
                        """, logger))
            else { throw StorageError(.internal, "Conexteo template \(template.name) was not stored") }
            return stored
        }
    }

    /// The templates of `kind`, oldest first.
    public func sandboxConexteoTemplates(kind: SandboxConexteoTemplate.Kind) async throws(StorageError)
        -> [SandboxConexteoTemplate]
    {
        let logger = self.logger
        return try await read("listing Conexteo templates") { db in
            try SandboxConexteoTemplate.all(
                try await db.rows(
                    """
                    SELECT \(unescaped: SandboxConexteoTemplate.columns) FROM sandbox_conexteo_template
                    WHERE kind = \(kind.rawValue) ORDER BY id
                    """, logger))
        }
    }

    /// The template of `kind` with `id`, if any (an id of the other kind is not found).
    public func sandboxConexteoTemplate(id: Int64, kind: SandboxConexteoTemplate.Kind) async throws(StorageError)
        -> SandboxConexteoTemplate?
    {
        let logger = self.logger
        return try await read("reading Conexteo template \(id)") { db in
            try SandboxConexteoTemplate.first(
                try await db.rows(
                    """
                    SELECT \(unescaped: SandboxConexteoTemplate.columns) FROM sandbox_conexteo_template
                    WHERE id = \(id) AND kind = \(kind.rawValue)
                    """, logger))
        }
    }

    /// Saves a changed template; false when no template of its kind has its id (nothing stored).
    public func updateSandboxConexteoTemplate(_ template: SandboxConexteoTemplate) async throws(StorageError) -> Bool {
        guard let id = template.id else { return false }
        let logger = self.logger
        return try await write("updating Conexteo template \(id)") { db in
            let t = template
            return try await db.execute(
                """
                UPDATE sandbox_conexteo_template SET name = \(t.name), content = \(t.content), sender = \(t.sender),
                  rcs_type = \(t.rcsType), rcs_text = \(t.rcsText), rcs_card = \(t.rcsCard), rcs_carousel = \(t.rcsCarousel),
                  shorturl = \(t.shortURL), fallback_content = \(t.fallbackContent), fallback_sender = \(t.fallbackSender),
                  created_at = \(t.createdAt.pg), updated_at = \(t.updatedAt.pg)
                WHERE id = \(id) AND kind = \(t.kind.rawValue)
                """, logger) > 0
        }
    }

    /// Deletes the template of `kind` with `id`; false when there is none.
    public func deleteSandboxConexteoTemplate(id: Int64, kind: SandboxConexteoTemplate.Kind) async throws(StorageError)
        -> Bool
    {
        let logger = self.logger
        return try await write("deleting Conexteo template \(id)") { db in
            try await db.execute("DELETE FROM sandbox_conexteo_template WHERE id = \(id) AND kind = \(kind.rawValue)", logger) > 0
        }
    }
}
