import LuaKit
import SMSCore
import Synchronization

/// The handlers the loaded plugins registered, read by the router from any task.
public final class HandlerRegistry: Sendable {
    private struct State {
        var handlers: [InboundHandler] = []
        var generation = 0
        /// The generation replies are routed to: the last load that finished. A load under way
        /// registers into a newer one, so a reply never sees both (and is not answered twice).
        var active = 0
        var counts: [String: Int] = [:]  // per plugin and generation, for handler keys
    }
    private let state = Mutex(State())

    /// Creates an empty registry.
    public init() {}

    /// Starts a plugin load: handlers registered from now on belong to the new generation.
    func beginGeneration() -> Int {
        state.withLock { s in
            s.generation += 1
            s.counts = [:]
            return s.generation
        }
    }

    /// The generation handlers are registered into now.
    var currentGeneration: Int { state.withLock { $0.generation } }

    /// Registers a handler for `plugin` in the current generation.
    func add(plugin: String, kind: InboundHandler.Kind, location: String, function: LuaReference, owner: WeakPluginRuntime) {
        state.withLock { s in
            let n = s.counts[plugin, default: 0] + 1
            s.counts[plugin] = n
            s.handlers.append(
                InboundHandler(
                    plugin: plugin, key: "\(plugin)#\(n)", kind: kind, location: location, function: function,
                    owner: owner, generation: s.generation))
        }
    }

    /// Drops `plugin`'s handlers of `generation` (its load failed half-way).
    func remove(plugin: String, generation: Int) {
        state.withLock { s in s.handlers.removeAll { $0.plugin == plugin && $0.generation == generation } }
    }

    /// A reload finished: `generation` is routed to, and every older handler dropped.
    func removeGenerations(before generation: Int) {
        state.withLock { s in
            s.handlers.removeAll { $0.generation < generation }
            s.active = generation
        }
    }

    /// The handlers of the generation replies are routed to.
    var live: [InboundHandler] { state.withLock { s in s.handlers.filter { $0.generation == s.active } } }

    /// Every handler, in registration order.
    public var all: [InboundHandler] { state.withLock { $0.handlers } }

    /// The handlers a reply goes to: the keyword handlers for its first word, else the
    /// catch-alls (DESIGN.md §6).
    public func handlers(forReply body: String) -> [InboundHandler] {
        let word = KeywordText.firstWord(body)
        let handlers = live
        let keyword = handlers.filter { if case .keyword(let words) = $0.kind { words.contains(word) } else { false } }
        if !keyword.isEmpty { return keyword }
        return handlers.filter { $0.kind == .reply }
    }

    /// The delivery-report handlers.
    public var deliveryHandlers: [InboundHandler] { live.filter { $0.kind == .delivery } }
}
