/// A provider that keeps contacts, lists and templates on its side (Conexteo): the directory
/// bindings write there first, then to the local copy, and read lists from it.
public protocol RemoteDirectoryProvider: MessagingProvider {
    /// The provider's directory, reading numbers as numbers of `region`.
    func remoteDirectory(region: String) -> any RemoteDirectory
}
