import SandboxStore
import Hummingbird
import Logging
import NIOCore
import SMSCore
import ServiceLifecycle
import Storage

/// The sandbox provider over HTTP: Conexteo's wire format under `/conexteo` and Conerix's under
/// `/conerix/api`, backed by the same store as the in-process sandbox (DESIGN.md §4), so the HTTP
/// clients are tested against a real server on loopback.
///
/// Routes:
/// - `GET  /conexteo/users/credits`, `POST /conexteo/messages/sms` (`?resumeBefore=true` for a dry
///   run), `POST /conexteo/messages` (legacy): header `X-API-KEY`, plus `X-APP-ID` when configured.
/// - Conexteo's directory, with the same headers: `GET /conexteo/stops/all`, `POST /conexteo/stops`,
///   `POST /conexteo/stops/file` (multipart), `DELETE /conexteo/stops/:id`; `/conexteo/contactlists`
///   (create, list, read, rename, delete, contacts paginated, `contacts-extract`);
///   `/conexteo/contacts` (add, `file` upload, read, update, delete);
///   `POST /conexteo/messages/sms/contactlist` (and the legacy `POST /conexteo/messages/contactlist`).
/// - Conexteo's message operations, same headers: `POST /conexteo/messages/sms/dynamic`,
///   `POST /conexteo/messages/rcs`, `GET /conexteo/messages` (history), `GET /conexteo/messages/:id`,
///   `PUT /conexteo/messages/:id/cancel`, `GET /conexteo/messages/:id/recipients/{sms,rcs}`,
///   `GET /conexteo/messages/replies` (paginated) and `/replies/extract`; templates under
///   `/conexteo/models` and `/conexteo/models/rcs`. Every send skips stopped numbers.
/// - Conexteo's accounts: `POST /conexteo/auth/login` with the configured email and password
///   answers a JWT; `/conexteo/subaccounts…` (create, list, page, read, credits add/remove,
///   credit mode, credit history) need it as `Authorization: Bearer <jwt>`.
/// - `POST /conerix/api/v1/messages/send`, `POST /conerix/api/v1/messages/bulk` (at most 1,000
///   recipients), `POST /conerix/api/v1/webhooks/create`: header `Authorization: Bearer <key>`,
///   limited per key per minute (429 with `Retry-After`).
///
/// Fault injection, for testing clients against a misbehaving provider:
/// - `POST /_sandbox/faults` with `{"count": N, "status": 503, "delay_ms": 0, "drop": false,
///   "body": "...", "content_type": "text/html", "path_prefix": "/conerix", "pass": false}`
///   (every field optional; defaults: 1, 503, 0, false, empty, application/json, `/`, false)
///   makes the next N requests whose path starts with `path_prefix` wait `delay_ms`, then answer
///   `status` with exactly `body` (invalid JSON, an HTML page, nothing, a 200 missing fields...),
///   or close the connection without answering when `drop` is true, or — with `pass` — go on to be
///   handled normally (a slow success). Faults queue in order; a faulted request never
///   authenticates, counts against a rate limit, or stores anything (except with `pass`).
/// - `GET /_sandbox/faults` lists the pending faults; `DELETE /_sandbox/faults` clears them.
/// - `PUT /_sandbox/conexteo/credits` with `{"credits": N}` sets the Conexteo credit balance.
/// - `POST /_sandbox/replies` with `{"from", "body", "to"?}` injects a handset's reply.
///
/// Webhooks: each Conerix send or bulk recipient accepted posts `message.sent` then
/// `message.delivered` to every active endpoint created with `POST /conerix/api/v1/webhooks/create`
/// and subscribed to the type, signed `Conerix-Signature: t=<unix>,v1=<hex>`, in the background
/// with a few retries (``Configuration/deliversWebhooks`` switches it off).
/// `GET /_sandbox/webhook-deliveries` lists every attempt.
public struct SandboxServer: Sendable {
    /// Where the server listens and which keys it accepts.
    public struct Configuration: Sendable {
        /// The address to listen on.
        public var host: String
        /// The port; 0 picks any free port (read it from ``RunningSandboxServer/port``).
        public var port: Int
        /// The key Conexteo requests must send in `X-API-KEY`.
        public var conexteoAPIKey: String
        /// When set, Conexteo requests must also send it in `X-APP-ID`.
        public var conexteoAppID: String?
        /// The key Conerix requests must send as `Authorization: Bearer <key>`.
        public var conerixAPIKey: String
        /// Conerix requests allowed per key per minute (Conerix's default is 60).
        public var conerixRequestsPerMinute: Int
        /// The email `POST /conexteo/auth/login` accepts (compared whatever the case).
        public var conexteoEmail: String
        /// The password `POST /conexteo/auth/login` accepts.
        public var conexteoPassword: String
        /// Whether accepted Conerix messages post `message.sent` and `message.delivered` to the
        /// registered webhook endpoints (off for benchmarks that measure the API alone).
        public var deliversWebhooks: Bool

        /// The login the sandbox accepts unless configured otherwise.
        public static let defaultConexteoEmail = "sandbox@moonwire.test"
        /// The password the sandbox accepts unless configured otherwise.
        public static let defaultConexteoPassword = "sandbox"

        /// A configuration; the defaults listen on 127.0.0.1:8080, accept the key `sandbox`, and
        /// the Conexteo login `sandbox@moonwire.test` / `sandbox`.
        public init(
            host: String = "127.0.0.1", port: Int = 8080, conexteoAPIKey: String = "sandbox",
            conexteoAppID: String? = nil, conerixAPIKey: String = "sandbox", conerixRequestsPerMinute: Int = 60,
            conexteoEmail: String = Configuration.defaultConexteoEmail,
            conexteoPassword: String = Configuration.defaultConexteoPassword,
            deliversWebhooks: Bool = true
        ) {
            self.host = host
            self.port = port
            self.conexteoAPIKey = conexteoAPIKey
            self.conexteoAppID = conexteoAppID
            self.conerixAPIKey = conerixAPIKey
            self.conerixRequestsPerMinute = conerixRequestsPerMinute
            self.conexteoEmail = conexteoEmail
            self.conexteoPassword = conexteoPassword
            self.deliversWebhooks = deliversWebhooks
        }
    }

    /// Paths under this prefix control the sandbox and are never faulted.
    static let controlPrefix = "/_sandbox"

    let store: any SandboxStorage
    let configuration: Configuration
    let clock: any TimeSource

    /// A server over `store`, reading time from `clock` (rate-limit windows, timestamps).
    public init(store: any SandboxStorage, configuration: Configuration = .init(), clock: any TimeSource = SystemTimeSource()) {
        self.store = store
        self.configuration = configuration
        self.clock = clock
    }

    /// Starts listening; returns once the socket is bound, with the port it got.
    public func start() async throws -> RunningSandboxServer {
        let host = configuration.host
        let port = configuration.port
        let signal = StartupSignal()
        var logger = Logger(label: "moonwire.sandbox-server")
        logger.logLevel = .warning
        let webhooks =
            configuration.deliversWebhooks ? ConerixWebhookDispatcher(store: store, clock: clock, logger: logger) : nil
        let app = Application(
            router: makeRouter(faults: FaultQueue(), webhooks: webhooks),
            configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: "moonwire-sandbox"),
            onServerRunning: { channel in signal.succeed(port: channel.localAddress?.port ?? port) },
            logger: logger)
        // A service group of our own, so stop() can shut down gracefully instead of cancelling
        // (which closes connections mid-request and logs errors).
        // The dispatcher is listed first so it stops last: once the server no longer accepts
        // sends, nothing new can be queued behind its shutdown.
        let services: [any Service] = (webhooks.map { [$0] } ?? []) + [app]
        let group = ServiceGroup(configuration: .init(services: services, logger: logger))
        let task = Task {
            do {
                try await group.run()
                signal.fail(SandboxServerError.stoppedBeforeListening)
            } catch {
                signal.fail(SandboxServerError.bindFailed(host: host, port: port, error))
            }
        }
        do {
            let bound = try await signal.wait()
            return RunningSandboxServer(host: host, port: bound, group: group, task: task)
        } catch {
            await group.triggerGracefulShutdown()
            _ = await task.result
            throw error
        }
    }

    func makeRouter(faults: FaultQueue, webhooks: ConerixWebhookDispatcher? = nil) -> Router<SandboxRequestContext> {
        let router = Router(context: SandboxRequestContext.self)
        router.add(middleware: FaultMiddleware(faults: faults))
        router.add(middleware: ConexteoBodyLimitMiddleware(limit: Request.maxBodyBytes))
        ConexteoAPI(
            store: store, clock: clock, apiKey: configuration.conexteoAPIKey, appID: configuration.conexteoAppID
        ).addRoutes(to: router)
        ConexteoAccountAPI(
            store: store, clock: clock, email: configuration.conexteoEmail, password: configuration.conexteoPassword,
            jwt: ConexteoJWT()
        ).addRoutes(to: router)
        ConerixAPI(
            store: store, clock: clock, apiKey: configuration.conerixAPIKey,
            limiter: ConerixRateLimiter(limit: configuration.conerixRequestsPerMinute), webhooks: webhooks
        ).addRoutes(to: router)
        SandboxControlAPI(store: store, faults: faults, clock: clock).addRoutes(to: router)
        WebhookDeliveryAPI(store: store).addRoutes(to: router)
        return router
    }
}
