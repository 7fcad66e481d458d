/// A flow as the last plugin load defined it, for processes that start runs without loading plugins.
public struct FlowDefinitionRecord: Sendable, Hashable {
    public var name: String
    public var hash: String
    public var plugin: String
    public var allowParallel: Bool

    /// A record.
    public init(name: String, hash: String, plugin: String, allowParallel: Bool) {
        self.name = name
        self.hash = hash
        self.plugin = plugin
        self.allowParallel = allowParallel
    }
}
