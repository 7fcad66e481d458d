import Foundation

/// The sandbox's virtual clock as stored: the instant it reads, the instant an advance asked
/// for (above `now` while the advance is carried out), and when a `serve` last said it runs.
public struct VirtualClockState: Sendable, Hashable {
    public var now: Date
    public var target: Date
    /// Real time of the last sign of life of a `serve` on this database.
    public var serveSeenAt: Date?

    /// A state.
    public init(now: Date, target: Date, serveSeenAt: Date? = nil) {
        self.now = now
        self.target = target
        self.serveSeenAt = serveSeenAt
    }
}
