import Foundation

/// The local directory: contacts, lists and templates, used where the provider has none.
public protocol DirectoryStorage: Sendable {
    /// Creates or replaces the contact and adds it to `lists`, which must exist.
    func saveContact(_ contact: ContactRow, lists: [String]) async throws(StorageError) -> ContactRow
    /// The contacts among `phones` that exist, by number.
    func contacts(_ phones: [String]) async throws(StorageError) -> [String: ContactRow]
    /// The contact with `phone`, if any.
    func contact(_ phone: String) async throws(StorageError) -> ContactRow?
    /// The lists `phone` belongs to, by name.
    func lists(of phone: String) async throws(StorageError) -> [String]
    /// Deletes the contact and its memberships; false when there was none.
    @discardableResult
    func removeContact(_ phone: String) async throws(StorageError) -> Bool
    /// Creates list `name`; false when it exists.
    @discardableResult
    func createList(_ name: String, now: Date) async throws(StorageError) -> Bool
    /// Deletes list `name` (its contacts stay); false when there was none.
    @discardableResult
    func deleteList(_ name: String) async throws(StorageError) -> Bool
    /// Adds `phone` to list `name` (which must exist), creating a bare contact if needed;
    /// false when it was a member already.
    @discardableResult
    func addToList(_ name: String, phone: String, now: Date) async throws(StorageError) -> Bool
    /// Takes `phone` out of list `name`; false when it was not a member.
    @discardableResult
    func removeFromList(_ name: String, phone: String) async throws(StorageError) -> Bool
    /// The contacts of list `name`, by number; nil when the list does not exist.
    func listMembers(_ name: String) async throws(StorageError) -> [ContactRow]?
    /// Every list with its member count, by name.
    func contactLists() async throws(StorageError) -> [(name: String, count: Int)]
    /// Creates or replaces template `template.name`.
    func saveTemplate(_ template: TemplateRow) async throws(StorageError) -> TemplateRow
    /// The template `name`, if any.
    func template(_ name: String) async throws(StorageError) -> TemplateRow?
    /// Every template, by name.
    func templates() async throws(StorageError) -> [TemplateRow]
    /// Deletes template `name`; false when there was none.
    @discardableResult
    func deleteTemplate(_ name: String) async throws(StorageError) -> Bool
}
