import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import NIOHTTP1
import Providers
import ServiceLifecycle
import Server
import SandboxStore
import Storage
import StoreSQLite
import Synchronization
import Testing

@Suite("Conerix webhook delivery")
struct ConerixWebhookDeliveryTests {
    static let send = #"{"to":"+33612345678","from":"ACME","body":"Your code is 482194","reference":"signup-9214"}"#
    /// The harness clock's time: the sandbox signs with it, so the receiver verifies against it.
    static let now = SandboxHarness.clock.date

    @Test("a send posts message.sent then message.delivered, signed so ConerixWebhook.event verifies them")
    func deliversSignedEvents() async throws {
        try await WebhookReceiver.run { receiver async throws in
            try await SandboxHarness.run { h async throws in
                let endpoint = try await h.createEndpoint(url: receiver.url("hook"), events: ["message.sent", "message.delivered"])
                let reply = try await h.conerix("/messages/send", Self.send)
                #expect(reply.status == 201)
                let messageID = try #require((reply.object["data"] as? [String: Any])?["id"] as? String)

                let posts = try await receiver.waitFor(2)
                let events = try posts.map { post throws(ProviderError) in
                    try ConerixWebhook.event(body: post.body, signatureHeader: post.signature, secret: endpoint.secret, now: Self.now)
                }
                #expect(events.map(\.eventType) == [.sent, .delivered])
                #expect(events.allSatisfy { $0.id.hasPrefix("evt_") && $0.object == "event" })
                #expect(Set(events.map(\.id)).count == 2)
                for event in events {
                    #expect(event.data.id == messageID)
                    #expect(event.data.to == "+33612345678")
                    #expect(event.data.from == "ACME")
                    #expect(event.data.reference == "signup-9214")
                    #expect(event.createdDate == Self.now)
                }
                #expect(events.map(\.data.status) == ["sent", "delivered"])
                #expect(events[0].data.deliveredAt == nil)
                #expect(events[1].data.deliveredDate == Self.now)
                #expect(posts.allSatisfy { $0.contentType?.hasPrefix("application/json") == true })

                // Each attempt is listed, for this endpoint.
                // The attempt is logged after the endpoint answered: wait for the log, not the posts.
                let deliveries = try await h.waitForDeliveries(2).filter { $0["endpoint_id"] as? String == endpoint.id }
                #expect(deliveries.map { $0["event_id"] as? String } == events.map(\.id))
                #expect(deliveries.allSatisfy { $0["status_code"] as? Int == 200 && $0["succeeded"] as? Bool == true })
                #expect(deliveries.allSatisfy { $0["attempt"] as? Int == 1 && $0["message_id"] as? String == messageID })
            }
        }
    }

    @Test("a received event is refused when tampered with, signed with another secret, stale, or unsigned")
    func forgeriesAreRefused() async throws {
        try await WebhookReceiver.run { receiver async throws in
            try await SandboxHarness.run { h async throws in
                let endpoint = try await h.createEndpoint(url: receiver.url("hook"), events: ["message.delivered"])
                #expect(try await h.conerix("/messages/send", Self.send).status == 201)
                let post = try #require(try await receiver.waitFor(1).first)
                func code(_ body: [UInt8], _ header: String?, secret: String? = nil, now: Date = Self.now) -> String? {
                    do throws(ProviderError) {
                        _ = try ConerixWebhook.event(
                            body: body, signatureHeader: header, secret: secret ?? endpoint.secret, now: now)
                        return nil
                    } catch {
                        #expect(!error.message.contains(endpoint.secret))
                        return error.code
                    }
                }
                #expect(code(post.body, post.signature) == nil)
                var tampered = post.body
                let at = try #require(tampered.firstIndex(of: UInt8(ascii: "+")))
                tampered[at + 1] = UInt8(ascii: "4")  // +33… becomes +34…
                #expect(code(tampered, post.signature) == "bad_signature")
                #expect(code(post.body, post.signature, secret: "whsec_not_the_endpoints") == "bad_signature")
                #expect(code(post.body, post.signature, now: Self.now + 301) == "stale_signature")
                #expect(code(post.body, nil) == "missing_signature")
            }
        }
    }

    @Test("only active endpoints subscribed to a type receive it; a bulk send posts per accepted recipient")
    func subscriptionsAreHonoured() async throws {
        try await WebhookReceiver.run { receiver async throws in
            try await SandboxHarness.run { h async throws in
                let deliveredOnly = try await h.createEndpoint(url: receiver.url("delivered"), events: ["message.delivered"])
                let sentOnly = try await h.createEndpoint(url: receiver.url("sent"), events: ["message.sent"])
                let failedOnly = try await h.createEndpoint(url: receiver.url("failed"), events: ["message.failed"])
                try await h.store.sandbox().insertSandboxWebhookEndpoint(
                    SandboxWebhookEndpoint(
                        id: "whe_inactive", url: receiver.url("inactive"), description: "",
                        events: ["message.sent", "message.delivered"], signingSecret: "whsec_inactive", isActive: false,
                        createdAt: Self.now))

                // One valid recipient and one refused: only the accepted message has events.
                let reply = try await h.conerix(
                    "/messages/bulk", #"{"from":"ACME","recipients":["+33612345678","12"],"body":"Hello"}"#)
                #expect(reply.status == 200)
                let posts = try await receiver.waitFor(2)
                #expect(Set(posts.map(\.path)) == ["/delivered", "/sent"])
                let byPath = Dictionary(uniqueKeysWithValues: posts.map { ($0.path, $0) })
                let delivered = try ConerixWebhook.event(
                    body: try #require(byPath["/delivered"]).body, signatureHeader: byPath["/delivered"]?.signature,
                    secret: deliveredOnly.secret, now: Self.now)
                let sent = try ConerixWebhook.event(
                    body: try #require(byPath["/sent"]).body, signatureHeader: byPath["/sent"]?.signature,
                    secret: sentOnly.secret, now: Self.now)
                #expect(delivered.eventType == .delivered)
                #expect(sent.eventType == .sent)
                #expect(sent.data.id == delivered.data.id)
                #expect(sent.data.to == "+33612345678")
                #expect(sent.data.reference == nil)
                let all = try await h.waitForDeliveries(2)
                #expect(all.count == 2)
                #expect(!all.contains { $0["endpoint_id"] as? String == failedOnly.id })
                #expect(!all.contains { $0["endpoint_id"] as? String == "whe_inactive" })
            }
        }
    }

    @Test("a failed attempt is retried with the same event, newly signed, and both attempts are recorded")
    func retriesAFailedAttempt() async throws {
        try await WebhookReceiver.run(answers: [500]) { receiver async throws in
            try await SandboxHarness.run { h async throws in
                let endpoint = try await h.createEndpoint(url: receiver.url("hook"), events: ["message.sent"])
                #expect(try await h.conerix("/messages/send", Self.send).status == 201)
                let posts = try await receiver.waitFor(2)
                let events = try posts.map { post throws(ProviderError) in
                    try ConerixWebhook.event(body: post.body, signatureHeader: post.signature, secret: endpoint.secret, now: Self.now)
                }
                #expect(events[0] == events[1])
                let deliveries = try await h.waitForDeliveries(2)
                #expect(deliveries.map { $0["attempt"] as? Int } == [1, 2])
                #expect(deliveries.map { $0["status_code"] as? Int } == [500, 200])
                #expect(deliveries.map { $0["succeeded"] as? Bool } == [false, true])
                #expect((deliveries[0]["error"] as? String)?.contains("500") == true)
                #expect(deliveries[1]["error"] is NSNull)
            }
        }
    }

    @Test("an endpoint that is down gets every attempt recorded as failed, and the API keeps answering")
    func downEndpoint() async throws {
        // A port that was just listening and no longer is: connections are refused.
        var deadURL = ""
        try await WebhookReceiver.run { receiver async throws in deadURL = receiver.url("hook") }
        try await SandboxHarness.run { h async throws in
            let endpoint = try await h.createEndpoint(url: deadURL, events: ["message.sent", "message.delivered"])
            #expect(try await h.conerix("/messages/send", Self.send).status == 201)
            let attempts = 4  // the sandbox's policy: 1 try and 3 retries per event
            let deliveries = try await h.waitForDeliveries(2 * attempts)
            #expect(deliveries.allSatisfy { $0["endpoint_id"] as? String == endpoint.id })
            #expect(deliveries.allSatisfy { $0["succeeded"] as? Bool == false && $0["status_code"] is NSNull })
            #expect(deliveries.allSatisfy { ($0["error"] as? String)?.isEmpty == false })
            #expect(deliveries.map { $0["attempt"] as? Int } == Array(1...attempts) + Array(1...attempts))
            #expect(deliveries.map { $0["event_type"] as? String }
                == Array(repeating: "message.sent", count: attempts) + Array(repeating: "message.delivered", count: attempts))
            // The server is unaffected.
            #expect(try await h.conerix("/messages/send", Self.send).status == 201)
            #expect(try await h.stored().count == 2)
        }
    }
}

/// A Conerix webhook endpoint as created through the sandbox.
struct CreatedEndpoint {
    var id: String
    var secret: String
}

extension SandboxHarness {
    /// `POST /v1/webhooks/create` for `url` and `events`.
    func createEndpoint(url: String, events: [String]) async throws -> CreatedEndpoint {
        let list = events.map { "\"\($0)\"" }.joined(separator: ",")
        let reply = try await conerix("/webhooks/create", #"{"url":"\#(url)","events":[\#(list)]}"#)
        try #require(reply.status == 201, "creating the endpoint failed: \(reply.text)")
        let data = try #require(reply.object["data"] as? [String: Any])
        return CreatedEndpoint(id: try #require(data["id"] as? String), secret: try #require(data["signing_secret"] as? String))
    }

    /// `GET /_sandbox/webhook-deliveries`, optionally for one endpoint.
    func deliveries(endpoint: String? = nil) async throws -> [[String: Any]] {
        let reply = try await request(.GET, "/_sandbox/webhook-deliveries" + (endpoint.map { "?endpoint_id=\($0)" } ?? ""))
        try #require(reply.status == 200, "listing deliveries failed: \(reply.text)")
        return try #require(reply.object["deliveries"] as? [[String: Any]])
    }

    /// The delivery attempts once at least `count` are recorded (they are made in the background).
    func waitForDeliveries(_ count: Int) async throws -> [[String: Any]] {
        let deadline = ContinuousClock.now + .seconds(60)  // a hang guard, not a performance threshold
        while true {
            let listed = try await deliveries()
            if listed.count >= count || ContinuousClock.now > deadline { return listed }
            try await Task.sleep(for: .milliseconds(20))
        }
    }
}

/// A real HTTP server on loopback standing in for a user's webhook endpoint: it records every POST
/// and answers the queued statuses first, then 200.
final class WebhookReceiver: Sendable {
    /// One POST as received.
    struct Post: Sendable {
        var path: String
        var signature: String?
        var contentType: String?
        var body: [UInt8]
    }

    let port: Int
    private let state: State

    private init(port: Int, state: State) {
        self.port = port
        self.state = state
    }

    func url(_ path: String) -> String { "http://127.0.0.1:\(port)/\(path)" }

    /// Starts a receiver on a free port, runs `body`, and always stops it.
    static func run(answers: [Int] = [], _ body: (WebhookReceiver) async throws -> Void) async throws {
        let state = State(answers: answers)
        let router = Router()
        router.post("{path}") { request, _ -> Response in
            let bytes = try await request.body.collect(upTo: 1 << 20)
            state.record(
                Post(
                    path: request.uri.path, signature: request.headers[HTTPField.Name("Conerix-Signature")!],
                    contentType: request.headers[.contentType], body: Array(bytes.readableBytesView)))
            return Response(status: HTTPResponse.Status(code: state.nextAnswer()))
        }
        let (ports, portSink) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: router, configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in portSink.yield(channel.localAddress?.port ?? 0) })
        let group = ServiceGroup(configuration: .init(services: [app], logger: app.logger))
        let task = Task { try await group.run() }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next(), port > 0 else {
            task.cancel()
            throw ReceiverError(description: "the webhook receiver did not start")
        }
        let receiver = WebhookReceiver(port: port, state: state)
        var failure: (any Error)?
        do { try await body(receiver) } catch { failure = error }
        await group.triggerGracefulShutdown()
        _ = await task.result
        if let failure { throw failure }
    }

    /// What was received so far, in arrival order.
    var received: [Post] { state.posts.withLock { $0 } }

    /// The posts once at least `count` have arrived.
    func waitFor(_ count: Int) async throws -> [Post] {
        let deadline = ContinuousClock.now + .seconds(60)  // a hang guard, not a performance threshold
        while received.count < count && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        let posts = received
        try #require(posts.count >= count, "expected \(count) webhook posts, got \(posts.count)")
        return posts
    }

    /// The receiver's state, shared by its route handler and the test.
    private final class State: Sendable {
        let posts = Mutex<[Post]>([])
        let answers: Mutex<[Int]>

        init(answers: [Int]) { self.answers = Mutex(answers) }

        func record(_ post: Post) { posts.withLock { $0.append(post) } }

        func nextAnswer() -> Int { answers.withLock { $0.isEmpty ? 200 : $0.removeFirst() } }
    }

    struct ReceiverError: Error, CustomStringConvertible {
        var description: String
    }
}
