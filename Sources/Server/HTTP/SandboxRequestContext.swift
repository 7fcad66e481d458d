import Hummingbird
import NIOCore

/// The per-request context: Hummingbird's core storage plus the connection, which a "drop" fault
/// closes without answering.
struct SandboxRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// The client connection the request arrived on.
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }
}
