import Foundation
import Synchronization

/// A serial executor on one dedicated thread: the only thread that touches its runtime's
/// `lua_State`. A dedicated thread (not the shared pool) lets the watchdog signal exactly the
/// thread that runs Lua, the way `lua.c` arms its hook from a signal handler.
public final class LuaExecutor: SerialExecutor, @unchecked Sendable {
    // Safety: `jobs` and `stopped` are only touched under `condition`; `thread` is written once
    // before `init` returns.
    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []
    private var stopped = false
    private(set) var thread: pthread_t?
    private let jobsRun = Atomic<Int>(0)

    /// Starts the executor's thread.
    /// - Parameter signal: a signal to unblock on the thread. A thread inherits its creator's
    ///   signal mask, and libdispatch's workers, where async code runs, block all asynchronous
    ///   signals (SIGUSR2 included).
    public init(name: String = "moonwire.lua", unblocking signal: Int32? = nil) {
        let started = DispatchSemaphore(value: 0)
        // The thread keeps the executor alive until `shutdown()` ends its loop: with an unowned
        // capture, a runtime released right after creation freed the executor under the loop.
        let worker = Thread { [self] in
            if let signal {
                var set = sigset_t()
                sigemptyset(&set)
                sigaddset(&set, signal)
                pthread_sigmask(SIG_UNBLOCK, &set, nil)
            }
            self.thread = pthread_self()
            started.signal()
            self.loop()
        }
        worker.name = name
        worker.stackSize = 8 << 20  // Lua's C recursion (LUAI_MAXCCALLS 200) needs room
        worker.start()
        started.wait()
    }

    /// Stops the thread once queued jobs have run.
    public func shutdown() {
        condition.lock()
        stopped = true
        condition.signal()
        condition.unlock()
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    public func asUnownedSerialExecutor() -> UnownedSerialExecutor {
        UnownedSerialExecutor(ordinary: self)
    }

    /// Jobs run so far. A watcher tells an executor busy with many short jobs (this grows) from
    /// one stuck in a single call, such as Lua spinning inside C (it does not).
    public var completedJobs: Int { jobsRun.load(ordering: .relaxed) }

    /// True when called on this executor's thread.
    public var isCurrent: Bool {
        guard let thread else { return false }
        return pthread_equal(thread, pthread_self()) != 0
    }

    private func loop() {
        var batch: [UnownedJob] = []
        while true {
            condition.lock()
            while jobs.isEmpty && !stopped { condition.wait() }
            if jobs.isEmpty && stopped {
                condition.unlock()
                return
            }
            swap(&batch, &jobs)
            condition.unlock()
            for job in batch {
                job.runSynchronously(on: asUnownedSerialExecutor())
                jobsRun.add(1, ordering: .relaxed)
            }
            batch.removeAll(keepingCapacity: true)
        }
    }
}
