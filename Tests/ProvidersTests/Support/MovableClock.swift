import Foundation
import SMSCore
import Synchronization

/// A wall clock the test moves, shared by the sandbox server and the recorded sleeps, so a
/// client "waiting" for a rate-limit window really reaches it on the server.
final class MovableClock: TimeSource {
    private let current: Mutex<Date>

    init(_ start: Date = Date()) { current = Mutex(start) }

    func now() -> Date { current.withLock { $0 } }
    func advance(_ duration: Duration) {
        current.withLock { $0 += TimeInterval(duration.components.seconds) + TimeInterval(duration.components.attoseconds) / 1e18 }
    }
}
