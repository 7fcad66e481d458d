/// What makes scripts' HTTP calls (`http`, `flow:http`): the real client,
/// ``OutboundHTTPClient``, or the answers a `moonwire test` file gives with `t:http`.
public protocol OutboundTransport: Sendable {
    /// Makes the call, following redirects; the answer whatever its status.
    func perform(_ request: OutboundRequest) async throws(OutboundHTTPError) -> OutboundResponse

    /// Waits `duration` before `flow:http` tries again (a test's transport does not wait).
    /// - Throws: `CancellationError` when the waiting task is cancelled.
    func pause(_ duration: Duration) async throws
}

extension OutboundTransport {
    /// Sleeps for `duration`.
    public func pause(_ duration: Duration) async throws {
        try await Task.sleep(for: duration)
    }
}
