import Synchronization

/// Where `flows.define` puts definitions while an old version of a plugin is loaded again to
/// replay runs pinned to it: they go here, not into the registry, and handlers and schedules
/// that load registers are ignored.
final class FlowCollector: Sendable {
    private let collected = Mutex<[FlowDefinition]>([])

    func add(_ definition: FlowDefinition) { collected.withLock { $0.append(definition) } }

    var definitions: [FlowDefinition] { collected.withLock { $0 } }
}
