import Foundation

/// Fires once a run's slice outlives its deadline. Arming costs a lock and no wake-up unless the
/// watchdog was idle, so short slices (the common case) cost almost nothing; nothing runs in
/// the Lua state until a budget is actually spent (no permanent count hook, DESIGN.md §2.3).
final class LuaWatchdog: @unchecked Sendable {
    // Safety: every mutable field is touched only under `condition`.
    private let condition = NSCondition()
    private var deadline: ContinuousClock.Instant?
    private var idle = false
    private var stopped = false
    private let fire: @Sendable () -> Void

    /// A watchdog that calls `fire` (under its lock, so never after ``disarm()`` returned).
    init(fire: @escaping @Sendable () -> Void) {
        self.fire = fire
        let worker = Thread { [self] in self.loop() }
        worker.name = "moonwire.watchdog"
        worker.start()
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
