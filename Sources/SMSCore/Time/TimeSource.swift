import Foundation

/// Where "now" comes from: the system clock, or the sandbox's virtual clock (DESIGN.md §2.9).
public protocol TimeSource: Sendable {
    /// The current instant.
    func now() -> Date
}

/// The system's wall clock.
public struct SystemTimeSource: TimeSource {
    /// Creates the system clock.
    public init() {}
    public func now() -> Date { Date() }
}
