import GRDB
import SandboxStore
import Storage

extension SQLiteSandboxStore {
    /// Stores a new Conexteo template and returns it with its id.
    public func insertSandboxConexteoTemplate(_ template: SandboxConexteoTemplate) async throws(StorageError)
        -> SandboxConexteoTemplate
    {
        try await write("storing Conexteo template \(template.name)") { db in
            var stored = template
            stored.id = nil  // the database assigns it
            try stored.insert(db)
            return stored
        }
    }

    /// The templates of `kind`, oldest first.
    public func sandboxConexteoTemplates(kind: SandboxConexteoTemplate.Kind) async throws(StorageError)
        -> [SandboxConexteoTemplate]
    {
        try await read("listing Conexteo templates") { db in
            try SandboxConexteoTemplate.filter(Column("kind") == kind.rawValue).order(Column("id")).fetchAll(db)
        }
    }

    /// The template of `kind` with `id`, if any (an id of the other kind is not found).
    public func sandboxConexteoTemplate(id: Int64, kind: SandboxConexteoTemplate.Kind) async throws(StorageError)
        -> SandboxConexteoTemplate?
    {
        try await read("reading Conexteo template \(id)") { db in
            try SandboxConexteoTemplate.filter(Column("id") == id && Column("kind") == kind.rawValue).fetchOne(db)
        }
    }

    /// Saves a changed template; false when no template of its kind has its id (nothing stored).
    public func updateSandboxConexteoTemplate(_ template: SandboxConexteoTemplate) async throws(StorageError) -> Bool {
        guard let id = template.id else { return false }
        return try await write("updating Conexteo template \(id)") { db in
            guard try SandboxConexteoTemplate.filter(Column("id") == id && Column("kind") == template.kind.rawValue)
                .fetchCount(db) == 1
            else { return false }
            try template.update(db)
            return true
        }
    }

    /// Deletes the template of `kind` with `id`; false when there is none.
    public func deleteSandboxConexteoTemplate(id: Int64, kind: SandboxConexteoTemplate.Kind) async throws(StorageError)
        -> Bool
    {
        try await write("deleting Conexteo template \(id)") { db in
            try SandboxConexteoTemplate.filter(Column("id") == id && Column("kind") == kind.rawValue).deleteAll(db) > 0
        }
    }
}
