import Storage

/// A live run that would not replay on the plugins' current code (`moonwire flows check`).
public struct FlowCheckFinding: Sendable, Hashable {
    /// The run.
    public var runID: Int64
    /// Its flow.
    public var flow: String
    /// The number it talks to.
    public var phone: String
    /// Where it is: active, sleeping or waiting.
    public var status: FlowRunRow.Status
    /// The step where the code and the journal part (nil when the flow is no longer defined).
    public var step: Int?
    /// What the journal recorded there (`flow:sleep("3d")`), nil when the code calls more than
    /// the journal holds.
    public var journaled: String?
    /// What the code calls there now (`flow:send("...")`), nil when the code returned before.
    public var current: String?
    /// The whole explanation.
    public var message: String

    /// A finding.
    public init(
        runID: Int64, flow: String, phone: String, status: FlowRunRow.Status, step: Int?, journaled: String?, current: String?,
        message: String
    ) {
        self.runID = runID
        self.flow = flow
        self.phone = phone
        self.status = status
        self.step = step
        self.journaled = journaled
        self.current = current
        self.message = message
    }
}
