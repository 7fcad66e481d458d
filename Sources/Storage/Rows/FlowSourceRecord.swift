/// The source of one version of a plugin, kept so runs pinned to it can replay after a change.
public struct FlowSourceRecord: Sendable, Hashable {
    public var hash: String
    public var plugin: String
    public var directory: String?
    public var source: [UInt8]

    /// A record.
    public init(hash: String, plugin: String, directory: String?, source: [UInt8]) {
        self.hash = hash
        self.plugin = plugin
        self.directory = directory
        self.source = source
    }
}
