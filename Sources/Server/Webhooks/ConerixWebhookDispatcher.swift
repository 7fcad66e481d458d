import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import Providers
import SMSCore
import ServiceLifecycle
import Storage
import SandboxStore

/// Posts the Conerix emulation's webhook events: for each accepted message, `message.sent` then
/// `message.delivered` to every active endpoint subscribed to the type, signed with the
/// endpoint's secret (`Conerix-Signature`), retried with backoff, every attempt recorded in the
/// store. It runs beside the HTTP server as a service, so the API answer never waits for it.
final class ConerixWebhookDispatcher: Service, Sendable {
    /// The events one accepted message produces, in the order they are posted [V types].
    static let lifecycle: [ConerixEventType] = [.sent, .delivered]

    let store: any SandboxStorage
    let clock: any TimeSource
    let policy: WebhookRetryPolicy
    let client: HTTPClient
    let logger: Logger
    private let queue: AsyncStream<[AcceptedConerixMessage]>
    private let input: AsyncStream<[AcceptedConerixMessage]>.Continuation

    /// A dispatcher over `store`, stamping events with `clock`'s time.
    init(store: any SandboxStorage, clock: any TimeSource, policy: WebhookRetryPolicy = .init(), logger: Logger) {
        self.store = store
        self.clock = clock
        self.policy = policy
        self.logger = logger
        (queue, input) = AsyncStream.makeStream(of: [AcceptedConerixMessage].self)
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            // A short connect timeout: the pool keeps retrying a refused connection until it
            // expires, and a receiver that is down should fail its attempt quickly.
            timeout: .init(connect: .seconds(1), read: .seconds(5)),
            connectionPool: .init(idleTimeout: .seconds(30), concurrentHTTP1ConnectionsPerHostSoftLimit: policy.maxConcurrent))
        configuration.httpVersion = .http1Only
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    /// Queues the events of `messages`; returns at once (called on the API's answer path).
    func accepted(_ messages: [AcceptedConerixMessage]) {
        guard !messages.isEmpty else { return }
        input.yield(messages)
    }

    /// Delivers until graceful shutdown, then abandons what is still pending (a sandbox keeps no
    /// outbox across restarts) and closes its connections.
    func run() async throws {
        await withTaskGroup(of: Void.self) { group in
            var inFlight = 0
            for await messages in queue.cancelOnGracefulShutdown() {
                let endpoints: [SandboxWebhookEndpoint]
                do throws(StorageError) {
                    endpoints = try await store.sandboxWebhookEndpoints().filter(\.isActive)
                } catch {
                    logger.warning("webhook events dropped: \(error.message)")
                    continue
                }
                guard !endpoints.isEmpty else { continue }
                for message in messages {
                    let now = clock.now()
                    let events = Self.lifecycle.map { OutgoingConerixEvent($0, message: message, now: now) }
                    for endpoint in endpoints {
                        let subscribed = events.filter { endpoint.events.contains($0.type.rawValue) }
                        guard !subscribed.isEmpty else { continue }
                        if inFlight >= policy.maxConcurrent {
                            await group.next()
                            inFlight -= 1
                        }
                        group.addTask { await self.deliver(subscribed, to: endpoint) }
                        inFlight += 1
                    }
                }
            }
            group.cancelAll()
        }
        input.finish()
        try? await client.shutdown()
    }
}
