import Synchronization

/// Hands the bound port (or the failure to bind) from the server task to `start()`, once.
final class StartupSignal: Sendable {
    private enum State {
        case pending
        case waiting(CheckedContinuation<Int, any Error>)
        case done(Result<Int, any Error>)
    }

    private let state = Mutex<State>(.pending)

    /// The server is listening on `port`.
    func succeed(port: Int) { finish(.success(port)) }

    /// The server could not start; ignored once it has started.
    func fail(_ error: any Error) { finish(.failure(error)) }

    /// Waits for the first outcome.
    func wait() async throws -> Int {
        try await withCheckedThrowingContinuation { continuation in
            let ready: Result<Int, any Error>? = state.withLock { state in
                switch state {
                case .done(let result): return result
                case .pending, .waiting:
                    state = .waiting(continuation)
                    return nil
                }
            }
            if let ready { continuation.resume(with: ready) }
        }
    }

    private func finish(_ result: Result<Int, any Error>) {
        let waiter: CheckedContinuation<Int, any Error>? = state.withLock { state in
            switch state {
            case .done: return nil
            case .pending:
                state = .done(result)
                return nil
            case .waiting(let continuation):
                state = .done(result)
                return continuation
            }
        }
        waiter?.resume(with: result)
    }
}
