import Synchronization

/// The policy in force: the configured one, adjusted by plugins with `policy.set{}`. A plugin
/// load builds its policy aside, from the configured one, and puts it in force when it ends: a
/// removed setting does not linger, and the old words keep working until the new ones replace
/// them (a STOP during a reload is never missed).
public final class PolicyBox: Sendable {
    /// The policy before any plugin changed it.
    public let base: SendPolicy
    private struct State {
        var policy: SendPolicy
        var setBy: String?
        /// The policy a plugin load is building, put in force when the load ends.
        var staged: (policy: SendPolicy, setBy: String?)?
    }
    private let state: Mutex<State>

    /// A box holding `base`.
    public init(_ base: SendPolicy) {
        self.base = base
        state = Mutex(State(policy: base))
    }

    /// The policy in force now.
    public var current: SendPolicy { state.withLock { $0.policy } }

    /// The plugin (or script) that last changed it (in the load under way, if any).
    public var setBy: String? { state.withLock { $0.staged?.setBy ?? $0.setBy } }

    /// The policy `policy.set{}` changes: the one being built by a load, else the one in force.
    var editable: SendPolicy { state.withLock { $0.staged?.policy ?? $0.policy } }

    /// Applies `change` on behalf of `owner`, to the load's policy while one is under way.
    func update(by owner: String, _ change: (inout SendPolicy) -> Void) {
        state.withLock { s in
            if var staged = s.staged {
                change(&staged.policy)
                staged.setBy = owner
                s.staged = staged
            } else {
                change(&s.policy)
                s.setBy = owner
            }
        }
    }

    /// A plugin load starts: it builds its policy from the configured one.
    func beginLoad() { state.withLock { $0.staged = (base, nil) } }

    /// What the load has built so far, to restore if the next plugin fails.
    var checkpoint: (policy: SendPolicy, setBy: String?)? { state.withLock { $0.staged } }

    /// Drops what a failed plugin changed.
    func restore(_ checkpoint: (policy: SendPolicy, setBy: String?)?) { state.withLock { $0.staged = checkpoint } }

    /// The load ended: its policy is in force.
    func finishLoad() {
        state.withLock { s in
            if let staged = s.staged { (s.policy, s.setBy) = staged }
            s.staged = nil
        }
    }
}
