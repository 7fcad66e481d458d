import Synchronization

/// The flows defined so far: the current definition of each name, and every version still
/// needed by runs pinned to it. Read from any task.
public final class FlowRegistry: Sendable {
    private struct State {
        /// name -> source hash -> definition.
        var versions: [String: [String: FlowDefinition]] = [:]
        /// name -> the hash new runs use.
        var current: [String: String] = [:]
        /// Names defined during the plugin load in progress, with their plugin.
        var loading: [String: String]?
    }
    private let state = Mutex(State())

    /// An empty registry.
    public init() {}

    /// What defining a flow may run into.
    enum DefineError: Error {
        /// Another plugin of the same load defines this name.
        case definedTwice(otherPlugin: String)
    }

    /// Makes `definition` the current one for its name (new runs use it) and keeps it as a version.
    func define(_ definition: FlowDefinition) throws(DefineError) {
        let outcome: DefineError? = state.withLock { s in
            if let other = s.loading?[definition.name], other != definition.plugin { return .definedTwice(otherPlugin: other) }
            s.loading?[definition.name] = definition.plugin
            s.versions[definition.name, default: [:]][definition.sourceHash] = definition
            s.current[definition.name] = definition.sourceHash
            return nil
        }
        if let outcome { throw outcome }
    }

    /// Keeps an older version (loaded again to replay a run pinned to it) without making it current.
    func addVersion(_ definition: FlowDefinition) {
        state.withLock { s in
            if s.versions[definition.name]?[definition.sourceHash] == nil {
                s.versions[definition.name, default: [:]][definition.sourceHash] = definition
            }
        }
    }

    /// Starts a plugin load: names it does not define again stop being current when it finishes.
    func beginLoad() {
        state.withLock { $0.loading = [:] }
    }

    /// Drops the current definitions `plugin` made during this load (it failed to load).
    func discardLoad(of plugin: String) {
        state.withLock { s in
            guard let loading = s.loading else { return }
            for (name, owner) in loading where owner == plugin {
                s.current[name] = nil
                s.loading?[name] = nil
            }
        }
    }

    /// Ends a plugin load: only the names it defined stay current.
    func finishLoad() {
        state.withLock { s in
            guard let loading = s.loading else { return }
            s.current = s.current.filter { loading[$0.key] != nil }
            s.loading = nil
        }
    }

    /// The definition new runs of `name` use.
    public func current(_ name: String) -> FlowDefinition? {
        state.withLock { s in s.current[name].flatMap { s.versions[name]?[$0] } }
    }

    /// Version `hash` of `name`, if loaded.
    func definition(_ name: String, hash: String) -> FlowDefinition? {
        state.withLock { $0.versions[name]?[hash] }
    }

    /// The current definitions, by name.
    public var currentDefinitions: [FlowDefinition] {
        state.withLock { s in
            s.current.keys.sorted().compactMap { name in s.current[name].flatMap { s.versions[name]?[$0] } }
        }
    }
}
