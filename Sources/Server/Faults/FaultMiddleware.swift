import Hummingbird
import NIOCore

/// Applies the next matching fault before any provider route sees the request, so a faulted
/// request never authenticates, counts against a rate limit, or stores anything.
struct FaultMiddleware: RouterMiddleware {
    typealias Context = SandboxRequestContext
    let faults: FaultQueue

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let path = request.uri.path
        guard !path.hasPrefix(SandboxServer.controlPrefix), let fault = faults.take(for: path) else {
            return try await next(request, context)
        }
        if fault.delayMilliseconds > 0 {
            try await Task.sleep(for: .milliseconds(fault.delayMilliseconds))
        }
        if fault.pass { return try await next(request, context) }
        if fault.drop {
            // Close before any byte of a response is written: the client sees the connection end.
            try? await context.channel.close()
            throw SandboxServerError.droppedByFault
        }
        return Response.raw(fault.status, bytes: fault.body, contentType: fault.contentType)
    }
}
