import Synchronization

/// The schedules defined so far, by name. Read from any task.
public final class ScheduleRegistry: Sendable {
    private struct State {
        var schedules: [String: ScheduleDefinition] = [:]
        var loading: [String: String]?  // name -> plugin, during a plugin load
    }
    private let state = Mutex(State())

    /// An empty registry.
    public init() {}

    /// Adds or replaces `definition`; false when another schedule of the same load has its name.
    func add(_ definition: ScheduleDefinition) -> Bool {
        state.withLock { s in
            if s.loading?[definition.name] != nil { return false }
            s.loading?[definition.name] = definition.plugin
            s.schedules[definition.name] = definition
            return true
        }
    }

    /// Starts a plugin load: schedules it does not define again are dropped when it finishes.
    func beginLoad() { state.withLock { $0.loading = [:] } }

    /// Drops the schedules `plugin` defined during this load (it failed to load).
    func discardLoad(of plugin: String) {
        state.withLock { s in
            for (name, owner) in s.loading ?? [:] where owner == plugin {
                s.schedules[name] = nil
                s.loading?[name] = nil
            }
        }
    }

    /// Ends a plugin load.
    func finishLoad() {
        state.withLock { s in
            guard let loading = s.loading else { return }
            s.schedules = s.schedules.filter { loading[$0.key] != nil }
            s.loading = nil
        }
    }

    /// The schedule named `name`.
    public func schedule(_ name: String) -> ScheduleDefinition? { state.withLock { $0.schedules[name] } }

    /// Every schedule's name.
    public var names: Set<String> { state.withLock { Set($0.schedules.keys) } }

    /// Every schedule, by name.
    public var all: [ScheduleDefinition] { state.withLock { $0.schedules.values.sorted { $0.name < $1.name } } }
}
