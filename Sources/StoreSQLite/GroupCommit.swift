import GRDB
import Storage
import Synchronization

/// Runs the write transactions asked for at about the same time as one SQLite transaction
/// (group commit); each write still commits or rolls back alone (see `commit(_:in:)`).
///
/// Why: a drip flow or a burst of inbound messages makes many small writes from many tasks at
/// once. One transaction each costs a hop to the writer's queue, a BEGIN/COMMIT and the WAL
/// pages written again at every commit; a batch pays those once. Nothing waits to fill a batch:
/// the writer takes whatever queued while it ran the previous one, so a lone write goes at once.
/// A caller hears back only once its batch is committed, so a returned write is as durable as
/// before. (Running a batch on the caller's thread instead, leader-and-followers, measured
/// slower: it holds one of the few cooperative threads while SQLite works.)
final class GroupCommit: Sendable {
    /// A queued write: runs its body on the writer, then is told how the batch ended.
    private struct Job: Sendable {
        /// Runs the body (in a savepoint of its own when `isolated`); returns whether it succeeded.
        let run: @Sendable (_ db: Database, _ isolated: Bool) -> Bool
        /// Reports how the batch ended: nil when it committed.
        let finish: @Sendable (_ batchFailure: (any Error)?) -> Void
    }

    private struct State {
        var queue: [Job] = []
        /// True while a drain runs on the writer and will take what is queued.
        var draining = false
        /// Tests waiting for the queue to hold at least so many writes.
        var queueWaiters: [(count: Int, continuation: CheckedContinuation<Void, Never>)] = []

        /// Removes and returns the waiters satisfied by a queue of `count` writes.
        mutating func takeWaiters(upTo count: Int) -> [CheckedContinuation<Void, Never>] {
            guard !queueWaiters.isEmpty else { return [] }
            let ready = queueWaiters.filter { $0.count <= count }.map(\.continuation)
            queueWaiters.removeAll { $0.count <= count }
            return ready
        }
    }

    /// The most writes one transaction takes, so a flood cannot hold the write lock for long.
    static let maximumBatch = 256

    private let writer: any DatabaseWriter
    private let state = Mutex(State())

    init(writer: any DatabaseWriter) {
        self.writer = writer
    }

    /// Runs `body` in a write transaction (shared with writes queued at the same time) and
    /// returns its result once that transaction is committed.
    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            let job = GroupCommit.job(body) { continuation.resume(with: $0) }
            let (start, ready) = state.withLock { state in
                state.queue.append(job)
                let ready = state.takeWaiters(upTo: state.queue.count)
                if state.draining { return (false, ready) }
                state.draining = true
                return (true, ready)
            }
            for waiter in ready { waiter.resume() }
            if start { drain() }
        }
    }

    /// Returns once at least `count` writes wait in the queue (behind one that holds the writer):
    /// lets a test form a batch of a known size without guessing how long queueing takes.
    package func waitUntilQueued(_ count: Int) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let now = state.withLock { state in
                if state.queue.count >= count { return true }
                state.queueWaiters.append((count, continuation))
                return false
            }
            if now { continuation.resume() }
        }
    }

    /// Takes batches off the queue, on the writer's own queue, until it is empty.
    private func drain() {
        writer.asyncWriteWithoutTransaction { db in
            while true {
                let batch = self.take(GroupCommit.maximumBatch)
                if batch.isEmpty { return }
                self.commit(batch, in: db)
            }
        }
    }

    /// Up to `limit` queued jobs; when there are none, the drain ends in the same step (a write
    /// queued after that starts a new one).
    private func take(_ limit: Int) -> [Job] {
        state.withLock { state in
            let batch = Array(state.queue.prefix(limit))
            state.queue.removeFirst(batch.count)
            if batch.isEmpty { state.draining = false }
            return batch
        }
    }

    /// Runs `batch` in one transaction and tells each job how it ended.
    ///
    /// Optimistically without savepoints (two statements per write, a measurable share of the
    /// writer's time): if every write succeeds, that is the commit. If one fails, the whole
    /// transaction is rolled back and the batch runs again with a savepoint around each write,
    /// so only the failing one is undone. A write's body only touches the database, so running
    /// it twice leaves nothing behind from the first time.
    private func commit(_ batch: [Job], in db: Database) {
        var failure: (any Error)?
        if batch.count > 1 {
            var clean = true
            do {
                try db.inTransaction(.immediate) {
                    for job in batch {
                        if job.run(db, false) { continue }
                        clean = false
                        return .rollback
                    }
                    return .commit
                }
            } catch {
                failure = error  // BEGIN or COMMIT failed: nothing was committed
            }
            if clean || failure != nil {
                for job in batch { job.finish(failure) }
                return
            }
        }
        // One write alone, or a batch in which one failed: each write in its own savepoint, and
        // a lone write needs none (if it fails, the transaction holds nothing else).
        let isolated = batch.count > 1
        do {
            try db.inTransaction(.immediate) {
                var committable = true
                for job in batch {
                    if job.run(db, isolated) { continue }
                    // SQLite rolled the whole transaction back (disk full, I/O error): the
                    // writes that seemed to succeed are gone too.
                    guard db.isInsideTransaction else {
                        throw StorageError(.transactionAborted, "the database rolled back a batch of writes")
                    }
                    if !isolated { committable = false }
                }
                return committable ? .commit : .rollback
            }
        } catch {
            failure = error
        }
        for job in batch { job.finish(failure) }
    }

    /// A job running `body` and handing its final result (after the commit) to `deliver`.
    private static func job<T: Sendable>(
        _ body: @escaping @Sendable (Database) throws -> T, deliver: @escaping @Sendable (Result<T, any Error>) -> Void
    ) -> Job {
        // Written while the job runs and read when it finishes, both on the writer: no lock.
        let outcome = Box<Result<T, any Error>>()
        return Job(
            run: { db, isolated in
                do {
                    if isolated {
                        var value: T?
                        try db.inSavepoint {
                            value = try body(db)
                            return .commit
                        }
                        outcome.value = .success(value!)
                    } else {
                        outcome.value = .success(try body(db))
                    }
                    return true
                } catch {
                    outcome.value = .failure(error)
                    return false
                }
            },
            finish: { batchFailure in
                switch (outcome.value, batchFailure) {
                case (.success, let failure?): deliver(.failure(failure))  // committed nothing after all
                case (let result?, _): deliver(result)
                case (nil, let failure): deliver(.failure(failure ?? StorageError(.internal, "a queued write never ran")))
                }
            })
    }
}

/// A value written and read on the writer, one access after the other.
private final class Box<Value>: @unchecked Sendable {
    var value: Value?
}
