import Hummingbird
import NIOCore

/// Reads a request body to the Conexteo emulation up front, so one larger than the sandbox reads
/// gets a 413 naming the limit (routes read bodies leniently, and would otherwise answer "must
/// be a JSON object"). The body read is handed on, so routes do not read it again.
struct ConexteoBodyLimitMiddleware: RouterMiddleware {
    typealias Context = SandboxRequestContext
    /// The largest body read, in bytes.
    let limit: Int

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard request.uri.path.hasPrefix("/conexteo/") else { return try await next(request, context) }
        var request = request
        do {
            _ = try await request.collectBody(upTo: limit)
        } catch is NIOTooManyBytesError {
            return ConexteoReply.requestTooLarge(limit: limit)
        }
        return try await next(request, context)
    }
}
