import Synchronization

/// Wakes one waiting loop early: ``wait(atMost:)`` returns when ``signal()`` is called or the
/// time is up, whichever comes first. A signal given while no one waits is kept for the next
/// wait, so a wake-up between two waits is not lost.
final class WakeSignal: Sendable {
    private struct State {
        var signalled = false
        var waiter: CheckedContinuation<Bool, Never>?
        /// Which wait a timer belongs to, so an old wait's timer cannot end a newer wait.
        var generation = 0
    }

    private let state = Mutex(State())

    /// A signal with nothing signalled yet.
    init() {}

    /// Wakes the waiter, or the next one if none waits now.
    func signal() {
        let waiter = state.withLock { state -> CheckedContinuation<Bool, Never>? in
            if let waiter = state.waiter.take() { return waiter }
            state.signalled = true
            return nil
        }
        waiter?.resume(returning: true)
    }

    /// True while a wait is under way (for tests: a signal now wakes it rather than being kept).
    var isWaiting: Bool { state.withLock { $0.waiter != nil } }

    /// Returns at the next signal (at once if one came since the last wait), or after `limit`.
    /// - Returns: true when a signal ended the wait, false when the time was up.
    @discardableResult
    func wait(atMost limit: Duration) async -> Bool {
        await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
            let generation = state.withLock { state -> Int? in
                if state.signalled {
                    state.signalled = false
                    return nil
                }
                state.generation += 1
                state.waiter = continuation
                return state.generation
            }
            guard let generation else { return continuation.resume(returning: true) }
            Task {
                try? await Task.sleep(for: limit)
                let waiter = self.state.withLock { state in state.generation == generation ? state.waiter.take() : nil }
                waiter?.resume(returning: false)
            }
        }
    }
}
