/// How loading one plugin went.
public struct PluginStatus: Sendable, Hashable {
    /// The file name, e.g. `autoreply.lua`.
    public var name: String
    /// The file's path.
    public var path: String
    /// Why it failed to load (`file:line: message`), nil when it loaded.
    public var error: String?
    /// Handlers it registered.
    public var handlers: Int
    /// Flows it defined.
    public var flows: [String] = []
    /// Schedules it defined, by name.
    public var schedules: [String] = []

    /// True when the plugin loaded.
    public var loaded: Bool { error == nil }
}
