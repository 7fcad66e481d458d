import Foundation
import SMSCore
import Synchronization

/// A clock a test moves by hand.
final class MovableClock: TimeSource {
    private let date: Mutex<Date>

    init(_ start: Date) { date = Mutex(start) }

    func now() -> Date { date.withLock { $0 } }

    func advance(by seconds: TimeInterval) { date.withLock { $0 += seconds } }
}
