import Storage

/// The Conexteo emulation's templates ("modèles"), SMS and RCS.
public protocol SandboxTemplateStorage: Sendable {
    /// Stores a new Conexteo template and returns it with its id.
    func insertSandboxConexteoTemplate(_ template: SandboxConexteoTemplate) async throws(StorageError)
        -> SandboxConexteoTemplate
    /// The templates of `kind`, oldest first.
    func sandboxConexteoTemplates(kind: SandboxConexteoTemplate.Kind) async throws(StorageError)
        -> [SandboxConexteoTemplate]
    /// The template of `kind` with `id`, if any (an id of the other kind is not found).
    func sandboxConexteoTemplate(id: Int64, kind: SandboxConexteoTemplate.Kind) async throws(StorageError)
        -> SandboxConexteoTemplate?
    /// Saves a changed template; false when no template of its kind has its id (nothing stored).
    func updateSandboxConexteoTemplate(_ template: SandboxConexteoTemplate) async throws(StorageError) -> Bool
    /// Deletes the template of `kind` with `id`; false when there is none.
    func deleteSandboxConexteoTemplate(id: Int64, kind: SandboxConexteoTemplate.Kind) async throws(StorageError) -> Bool
}
