/// The flow step a state write belongs to: run and step number.
public struct PluginStateStep: Sendable, Hashable {
    /// The flow run.
    public var runID: Int64
    /// The step's number in the run's journal.
    public var step: Int

    /// Names step `step` of run `runID`.
    public init(runID: Int64, step: Int) {
        self.runID = runID
        self.step = step
    }
}
