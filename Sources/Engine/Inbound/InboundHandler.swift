import LuaKit

/// A Lua function a plugin registered with `on.reply`, `on.keyword` or `on.delivery`: a
/// host-owned record (DESIGN.md §2.3), released when its plugin is reloaded, never by the GC.
public struct InboundHandler: Sendable {
    /// What a handler listens to.
    public enum Kind: Sendable, Hashable {
        /// Every reply no keyword handler took (`on.reply`).
        case reply
        /// Replies whose first word, folded, is one of these (`on.keyword`).
        case keyword(Set<String>)
        /// Delivery reports (`on.delivery`).
        case delivery
    }

    /// The plugin's file name, e.g. `autoreply.lua`.
    public var plugin: String
    /// Stable across restarts: `<plugin>#<n>`, the n-th handler the plugin registered. Handler
    /// sends' dedup keys contain it, so it must not depend on load timing.
    public var key: String
    public var kind: Kind
    /// Where it was registered (`plugins/autoreply.lua:12`), for logs.
    public var location: String
    let function: LuaReference
    /// The runtime whose state holds `function`.
    let owner: WeakPluginRuntime
    /// The plugin load that registered it; a reload drops older generations.
    let generation: Int
}
