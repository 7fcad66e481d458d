/// The outcome of stopping one number on the sandbox's Conexteo stop list.
public struct SandboxStopAddition: Sendable, Hashable {
    /// The entry for the number, new or already there.
    public var stop: SandboxConexteoStop
    /// False when the number was already stopped (the existing entry is returned unchanged).
    public var isNew: Bool

    /// Creates an outcome.
    public init(stop: SandboxConexteoStop, isNew: Bool) {
        self.stop = stop
        self.isNew = isNew
    }
}
