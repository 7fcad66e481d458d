import Storage

/// A provider's own directory (``RemoteDirectoryProvider``): lists, their members and templates,
/// found by name. Every call is a request to the provider.
public protocol RemoteDirectory: Sendable {
    /// Creates list `name`; false when it existed already.
    func createList(_ name: String) async throws(ProviderError) -> Bool
    /// Deletes list `name`; false when there was none.
    func deleteList(_ name: String) async throws(ProviderError) -> Bool
    /// Every list with its count of members, by name.
    func lists() async throws(ProviderError) -> [(name: String, count: Int)]
    /// The members of list `name`, by number; nil when there is no such list.
    func members(_ name: String) async throws(ProviderError) -> [ContactRow]?
    /// Puts `contact` in list `name`, or updates it there; `unknown_list` when there is no such list.
    func addMember(_ name: String, contact: ContactRow) async throws(ProviderError)
    /// Takes `phone` out of list `name`; false when it was not there.
    func removeMember(_ name: String, phone: String) async throws(ProviderError) -> Bool
    /// Updates `contact` in each of `lists` where the provider has it.
    func update(_ contact: ContactRow, in lists: [String]) async throws(ProviderError)
    /// Deletes `phone` from each of `lists`.
    func remove(_ phone: String, from lists: [String]) async throws(ProviderError)
    /// Creates or replaces template `template.name`.
    func save(_ template: TemplateRow) async throws(ProviderError)
    /// Deletes template `name`; false when there was none.
    func deleteTemplate(_ name: String) async throws(ProviderError) -> Bool
    /// Every template, by name.
    func templates() async throws(ProviderError) -> [TemplateRow]
}
