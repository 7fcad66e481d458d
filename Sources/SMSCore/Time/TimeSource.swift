import Foundation

/// Where "now" comes from: the system clock, or the sandbox's virtual clock (DESIGN.md §2.9).
public protocol TimeSource: Sendable {
    /// The current instant.
    func now() -> Date
    /// True when time moves only when asked (the sandbox's virtual clock): a wait measured on
    /// it, such as a retry's backoff, would never end on its own.
    var isFrozen: Bool { get }
}

extension TimeSource {
    /// Clocks move on their own unless they say otherwise.
    public var isFrozen: Bool { false }
}

/// The system's wall clock.
public struct SystemTimeSource: TimeSource {
    /// Creates the system clock.
    public init() {}
    public func now() -> Date { Date() }
}
