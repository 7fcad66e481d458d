/// A failure of the sandbox server itself (not a provider error it emulates): a stable code and
/// a message saying what to do.
public struct SandboxServerError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A stable machine-readable code, e.g. `bind_failed`.
    public var code: String
    /// What happened and what to do about it.
    public var message: String

    /// Creates an error.
    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }

    /// The server could not listen on the address.
    static func bindFailed(host: String, port: Int, _ underlying: any Error) -> SandboxServerError {
        SandboxServerError(
            code: "bind_failed",
            message: "cannot listen on \(host):\(port): \(underlying) (choose another --port, or 0 for any free port)")
    }

    /// The server stopped before it was listening.
    static let stoppedBeforeListening = SandboxServerError(
        code: "stopped_before_listening", message: "the sandbox server stopped before it was listening")

    /// A fault request was malformed.
    static func badFault(_ detail: String) -> SandboxServerError {
        SandboxServerError(code: "bad_fault", message: "cannot queue the fault: \(detail)")
    }

    /// Thrown after a "drop" fault closed the connection, so no response is written.
    static let droppedByFault = SandboxServerError(
        code: "dropped_by_fault", message: "the connection was dropped by an injected fault")
}
