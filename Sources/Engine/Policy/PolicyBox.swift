import Synchronization

/// The policy in force: the configured one, adjusted by plugins with `policy.set{}`. A plugin
/// reload starts again from the configured policy, so a removed setting does not linger.
public final class PolicyBox: Sendable {
    /// The policy before any plugin changed it.
    public let base: SendPolicy
    private let state: Mutex<(policy: SendPolicy, setBy: String?)>

    /// A box holding `base`.
    public init(_ base: SendPolicy) {
        self.base = base
        state = Mutex((base, nil))
    }

    /// The policy in force now.
    public var current: SendPolicy { state.withLock { $0.policy } }

    /// The plugin (or script) that last changed it, if any.
    public var setBy: String? { state.withLock { $0.setBy } }

    /// Applies `change` on behalf of `owner`.
    func update(by owner: String, _ change: (inout SendPolicy) -> Void) {
        state.withLock { s in
            change(&s.policy)
            s.setBy = owner
        }
    }

    /// Back to the configured policy.
    func reset() { state.withLock { $0 = (base, nil) } }
}
