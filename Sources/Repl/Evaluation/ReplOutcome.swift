/// What evaluating one chunk gave.
public enum ReplOutcome: Sendable, Hashable {
    /// The chunk is not finished (a syntax error at `<eof>`, the message): read another line
    /// and try again.
    case incomplete(String)
    /// The chunk ran; its results rendered, nil when it returned none.
    case values(String?)
    /// It did not compile or raised: `stdin:LINE: message` and a short traceback (may be empty).
    case failure(message: String, traceback: String)

    /// The failure as printed: the message, then the traceback.
    public var failureText: String? {
        guard case .failure(let message, let traceback) = self else { return nil }
        return traceback.isEmpty ? message : message + "\n" + traceback
    }
}
