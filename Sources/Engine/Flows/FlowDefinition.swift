import LuaKit

/// A flow a plugin defined with `flows.define(name, fn)`: a host-owned record (DESIGN.md §2.3),
/// one per version of the plugin's source, so runs pinned to an older version still replay.
public struct FlowDefinition: Sendable {
    /// The flow's name.
    public var name: String
    /// The version: a hash of the source of the plugin that defined it.
    public var sourceHash: String
    /// The plugin file (`welcome_drip.lua`), or `script` for a `moonwire run` script.
    public var plugin: String
    /// Where `flows.define` was called (`plugins/welcome_drip.lua:12`).
    public var location: String
    /// Several live runs per number are allowed (`flows.define(name, fn, {allow_parallel = true})`).
    public var allowParallel: Bool
    let function: LuaReference
    /// The runtime whose state holds `function` (gone once its plugin was reloaded).
    let owner: WeakPluginRuntime
}
