import AsyncHTTPClient
import Foundation
import NIOCore
import NIOPosix

/// A request that got no HTTP answer, classified by whether it may have reached the provider:
/// that decides whether a send without a dedup key may be retried.
struct TransportFailure {
    enum Kind {
        /// No connection was made: the request surely never left.
        case connectFailed
        /// Connecting took too long: the request never left.
        case connectTimeout
        /// The answer took too long: the provider may have acted.
        case readTimeout
        /// The connection broke mid-exchange: the provider may have acted.
        case connectionLost
        /// The answer was bigger than we read.
        case tooLarge
        /// The task was cancelled.
        case cancelled
    }

    let kind: Kind
    let detail: String

    init(_ error: any Error) {
        detail = "\(error)"
        if error is CancellationError {
            kind = .cancelled
        } else if let error = error as? HTTPClientError {
            switch error {
            case .connectTimeout, .getConnectionFromPoolTimeout: kind = .connectTimeout
            case .readTimeout, .deadlineExceeded, .writeTimeout: kind = .readTimeout
            case .cancelled: kind = .cancelled
            default: kind = .connectionLost
            }
        } else if error is NIOConnectionError {
            kind = .connectFailed
        } else if let error = error as? ChannelError, case .connectTimeout = error {
            kind = .connectTimeout
        } else if let error = error as? IOError, [ECONNREFUSED, ENETUNREACH, EHOSTUNREACH].contains(error.errnoCode) {
            kind = .connectFailed
        } else if error is NIOTooManyBytesError {
            kind = .tooLarge
        } else {
            kind = .connectionLost
        }
    }

    /// True when the request cannot have reached the provider, so any request may be retried.
    var surelyNotSent: Bool { kind == .connectFailed || kind == .connectTimeout }
    /// True when only an idempotent request may be retried.
    var retryableIfIdempotent: Bool { kind == .readTimeout || kind == .connectionLost }

    /// The typed error, with retryability left for the caller to settle.
    func error(provider: String, operation: String, redactor: Redactor) -> ProviderError {
        let (code, message): (String, String) =
            switch kind {
            case .connectFailed: ("connection_failed", "could not connect to \(provider) (\(detail)): check the base URL and the network")
            case .connectTimeout: ("timeout", "connecting to \(provider) timed out")
            case .readTimeout: ("timeout", "\(provider) did not answer in time")
            case .connectionLost: ("connection_lost", "the connection to \(provider) broke before an answer (\(detail))")
            case .tooLarge: ("invalid_response", "\(provider) answered with a body larger than this client reads")
            case .cancelled: ("cancelled", "the request was cancelled")
            }
        return ProviderError(
            code: code, message: redactor.redact(message), retryable: false, provider: provider, operation: operation)
    }
}
