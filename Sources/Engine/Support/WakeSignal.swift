import Synchronization

/// Wakes one waiting loop early: ``wait(atMost:)`` returns when ``signal()`` is called or the
/// time is up, whichever comes first. A signal given while no one waits is kept for the next
/// wait, so a wake-up between two waits is not lost.
final class WakeSignal: Sendable {
    private struct State {
        var signalled = false
        var waiter: CheckedContinuation<Void, Never>?
        /// Which wait a timer belongs to, so an old wait's timer cannot end a newer wait.
        var generation = 0
    }

    private let state = Mutex(State())

    /// A signal with nothing signalled yet.
    init() {}

    /// Wakes the waiter, or the next one if none waits now.
    func signal() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            if let waiter = state.waiter.take() { return waiter }
            state.signalled = true
            return nil
        }
        waiter?.resume()
    }

    /// Returns at the next signal (at once if one came since the last wait), or after `limit`.
    func wait(atMost limit: Duration) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let generation = state.withLock { state -> Int? in
                if state.signalled {
                    state.signalled = false
                    return nil
                }
                state.generation += 1
                state.waiter = continuation
                return state.generation
            }
            guard let generation else { return continuation.resume() }
            Task {
                try? await Task.sleep(for: limit)
                let waiter = self.state.withLock { state in state.generation == generation ? state.waiter.take() : nil }
                waiter?.resume()
            }
        }
    }
}
