import Hummingbird
import Logging
import ServiceLifecycle

/// `moonwire serve --http`: the ``WebhookReceiver`` routes as a service of serve's group, so a
/// graceful shutdown stops accepting webhooks and lets requests in progress finish.
public struct WebhookServer: Service {
    let receiver: WebhookReceiver
    let host: String
    let port: Int
    let onListening: @Sendable (Int) -> Void

    /// A server on `host:port` (0 picks a free port); `onListening` gets the bound port.
    public init(receiver: WebhookReceiver, host: String, port: Int, onListening: @escaping @Sendable (Int) -> Void) {
        self.receiver = receiver
        self.host = host
        self.port = port
        self.onListening = onListening
    }

    public func run() async throws {
        let router = Router()
        receiver.addRoutes(to: router)
        var logger = Logger(label: "moonwire.webhooks")
        logger.logLevel = .warning
        let port = self.port
        let onListening = self.onListening
        let app = Application(
            router: router,
            configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: "moonwire"),
            onServerRunning: { channel in onListening(channel.localAddress?.port ?? port) },
            logger: logger)
        try await app.run()
    }
}
