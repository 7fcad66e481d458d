import Foundation
import SMSCore
import Storage
import Synchronization

/// The sandbox's clock (DESIGN.md §2.9): persisted in the store and frozen, it moves only when
/// asked (`clock.advance`, `moonwire sandbox clock advance`), so a month of a drip flow runs in
/// moments and every timestamp is exact. Reads come from memory; ``refresh()`` picks up what
/// another process changed.
public final class VirtualClock: TimeSource {
    let store: any EngineStorage
    private let current: Mutex<Date>

    /// Opens the store's clock, creating it at `seed` (to the second) the first time.
    public init(store: any EngineStorage, seed: Date) throws(StorageError) {
        self.store = store
        let rounded = Date(timeIntervalSince1970: seed.timeIntervalSince1970.rounded(.down))
        current = Mutex(try store.virtualClock(seed: rounded).now)
    }

    public func now() -> Date { current.withLock { $0 } }

    /// It moves only when asked.
    public var isFrozen: Bool { true }

    /// Reads the stored clock again (another process may have moved it); returns its state.
    @discardableResult
    public func refresh() async throws(StorageError) -> VirtualClockState? {
        let state = try await store.virtualClockState()
        if let state { current.withLock { $0 = state.now } }
        return state
    }

    /// Moves the clock to `instant` (forward, as the timekeeper steps to each due instant).
    func move(to instant: Date) async throws(StorageError) {
        let state = try await store.setVirtualClock(now: instant)
        current.withLock { $0 = state.now }
    }

    /// Takes `instant` as the time now without writing it (the store already says so).
    func adopt(_ instant: Date) {
        current.withLock { $0 = instant }
    }

    /// Sets the clock to `instant`, in any direction.
    public func reset(to instant: Date) async throws(StorageError) {
        let state = try await store.resetVirtualClock(to: instant)
        current.withLock { $0 = state.now }
    }
}
