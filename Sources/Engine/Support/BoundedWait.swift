import Synchronization

/// Waits a bounded time for work that may be stuck where it cannot be interrupted (a Lua call
/// spinning inside C): the caller moves on, the work goes on unawaited in its own task.
final class BoundedWait<T: Sendable>: Sendable {
    private let waiter = Mutex<CheckedContinuation<T?, Never>?>(nil)
    private let timer = Mutex<Task<Void, Never>?>(nil)

    private init() {}

    /// Runs `body` in a task of its own and returns its result, or nil once `limit` passed first.
    static func atMost(_ limit: Duration, _ body: @escaping @Sendable () async -> T) async -> T? {
        let wait = BoundedWait()
        return await withCheckedContinuation { (continuation: CheckedContinuation<T?, Never>) in
            wait.waiter.withLock { $0 = continuation }
            let timer = Task {
                try? await Task.sleep(for: limit)
                wait.finish(nil)
            }
            wait.timer.withLock { $0 = timer }
            Task {
                wait.finish(await body())
                wait.timer.withLock { $0?.cancel() }
            }
        }
    }

    /// Resumes the waiter with `value`, unless it was resumed already.
    private func finish(_ value: T?) {
        waiter.withLock { $0.take() }?.resume(returning: value)
    }
}
