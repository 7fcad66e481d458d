import Foundation
import Synchronization

/// Fires once a run's slice outlives its deadline. Arming costs a lock and no wake-up unless the
/// watchdog was idle, so short slices (the common case) cost almost nothing; nothing runs in
/// the Lua state until a budget is actually spent (no permanent count hook, DESIGN.md §2.3).
final class LuaWatchdog: @unchecked Sendable {
    // Safety: every mutable field is touched only under `condition`.
    private let condition = NSCondition()
    private var deadline: ContinuousClock.Instant?
    private var idle = false
    private var stopped = false
    private var fire: @Sendable () -> Void

    /// Watchdogs whose runtime ended, their threads idle until the next runtime takes one.
    private static let idleWatchdogs = Mutex<[LuaWatchdog]>([])

    /// A watchdog that calls `fire` (under its lock, so never after ``disarm()`` returned): an
    /// idle one whose runtime ended (see ``recycle()``), else one on a new thread.
    static func make(fire: @escaping @Sendable () -> Void) -> LuaWatchdog {
        if let reused = idleWatchdogs.withLock({ $0.popLast() }) {
            reused.condition.lock()
            reused.fire = fire
            reused.condition.unlock()
            return reused
        }
        return LuaWatchdog(fire: fire)
    }

    private init(fire: @escaping @Sendable () -> Void) {
        self.fire = fire
        let worker = Thread { [self] in self.loop() }
        worker.name = "moonwire.watchdog"
        worker.start()
    }

    /// Ends the watchdog's work for its runtime: disarmed and pointed at nothing, it waits for
    /// the next runtime (``make(fire:)``), or its thread ends when enough watchdogs wait already.
    func recycle() {
        condition.lock()
        deadline = nil
        fire = {}
        condition.unlock()
        let kept = LuaWatchdog.idleWatchdogs.withLock { idle in
            guard idle.count < LuaExecutor.idleLimit else { return false }
            idle.append(self)
            return true
        }
        if !kept { stop() }
    }

    /// Fires at `instant` unless disarmed first.
    func arm(until instant: ContinuousClock.Instant) {
        condition.lock()
        deadline = instant
        if idle { condition.signal() }
        condition.unlock()
    }

    /// Cancels the deadline; once this returns, `fire` will not run for it.
    func disarm() {
        condition.lock()
        deadline = nil
        condition.unlock()
    }

    /// Ends the watchdog's thread.
    func stop() {
        condition.lock()
        stopped = true
        condition.signal()
        condition.unlock()
    }

    private func loop() {
        condition.lock()
        defer { condition.unlock() }
        while !stopped {
            guard let due = deadline else {
                idle = true
                condition.wait()
                idle = false
                continue
            }
            let now = ContinuousClock.now
            if now >= due {
                deadline = nil
                fire()
                continue
            }
            let seconds = Double((due - now).components.attoseconds) / 1e18 + Double((due - now).components.seconds)
            _ = condition.wait(until: Date(timeIntervalSinceNow: seconds))
        }
    }
}
