import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// `moonwire serve`'s HTTP listener (`--http`, `--metrics`): the ``WebhookReceiver`` routes and
/// `GET /metrics`, as a service of serve's group, so a graceful shutdown stops accepting webhooks
/// and lets requests in progress finish.
public struct WebhookServer: Service {
    let receiver: WebhookReceiver?
    let metrics: (@Sendable () async -> String)?
    let host: String
    let port: Int
    let onListening: @Sendable (Int) -> Void

    /// A server on `host:port` (0 picks a free port); `onListening` gets the bound port.
    /// - Parameters:
    ///   - receiver: the webhook routes; nil for a listener that only serves metrics.
    ///   - metrics: the Prometheus text exposition `GET /metrics` answers; nil: no such route.
    public init(
        receiver: WebhookReceiver?, metrics: (@Sendable () async -> String)? = nil, host: String, port: Int,
        onListening: @escaping @Sendable (Int) -> Void
    ) {
        self.receiver = receiver
        self.metrics = metrics
        self.host = host
        self.port = port
        self.onListening = onListening
    }

    public func run() async throws {
        let router = Router()
        receiver?.addRoutes(to: router)
        if let metrics {
            router.get("metrics") { _, _ -> Response in
                let text = await metrics()
                return Response(
                    status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                    body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
            }
        }
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
