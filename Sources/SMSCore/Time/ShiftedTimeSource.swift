import Foundation

/// The system clock shifted to start at a chosen instant and run on from there: how
/// `MOONWIRE_NOW` makes a daemon believe it is Sunday 15:00 while time still passes.
public struct ShiftedTimeSource: TimeSource {
    /// What `now()` adds to the system clock.
    public let offset: TimeInterval

    /// A clock that reads `start` now and advances in real time.
    public init(startingAt start: Date) {
        offset = start.timeIntervalSinceNow
    }

    public func now() -> Date { Date().addingTimeInterval(offset) }
}
