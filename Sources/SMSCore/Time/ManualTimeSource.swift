import Foundation
import Synchronization

/// A clock moved by hand: what tests inject, and the shape of the sandbox's virtual clock
/// (DESIGN.md §2.9). Safe to share across tasks.
public final class ManualTimeSource: TimeSource {
    private let current: Mutex<Date>

    /// A clock that reads `start` until moved.
    public init(_ start: Date = Date()) { current = Mutex(start) }

    public func now() -> Date { current.withLock { $0 } }

    /// Moves the clock forward by `duration`.
    public func advance(by duration: Duration) {
        let seconds = TimeInterval(duration.components.seconds) + TimeInterval(duration.components.attoseconds) / 1e18
        current.withLock { $0 += seconds }
    }
}
