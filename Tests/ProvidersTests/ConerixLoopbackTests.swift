import Foundation
import Providers
import SandboxStore
import Storage
import StoreSQLite
import SMSCore
import Server
import Testing
import TestSupport

@Suite struct ConerixLoopbackTests {
    @Test func sendCarriesPathHeadersAndBody() async throws {
        try await Loopback.run(.init(port: 0, conerixAPIKey: "ds_live_abc")) { h in
            let receipt = try await h.conerix().send(try Loopback.message(to: "+12025550143", body: "Code 482194", from: "Conerix"))
            #expect(receipt.id.hasPrefix("msg_"))
            let stored = try await h.store.sandbox().sandboxMessages()
            #expect(stored.count == 1)
            #expect(stored.first?.to == "+12025550143")
            #expect(stored.first?.from == "Conerix")
            #expect(stored.first?.body == "Code 482194")
            #expect(h.attempts.first?.contains("/conerix/api/v1/messages/send") == true)
        }
    }

    @Test func twoFailuresThenSuccessSendsOnce() async throws {
        try await Loopback.run { h in
            try await h.fault(#"{"count": 2, "status": 503, "path_prefix": "/conerix"}"#)
            _ = try await h.conerix().send(try Loopback.message())
            #expect(try await h.store.sandbox().sandboxMessages().count == 1)
            #expect(h.attempts.count == 3)
        }
    }

    @Test func aRejectedSendIsNotRetried() async throws {
        try await Loopback.run { h in
            var message = try Loopback.message()
            message.from = SenderID(value: "MUCH-TOO-LONG-SENDER", kind: .alphanumeric)
            let error = try await #require(throws: ProviderError.self) { try await h.conerix().send(message) }
            #expect(error.httpStatus == 422)
            #expect(error.requestID?.isEmpty == false)
            #expect(!error.retryable)
            #expect(h.attempts.count == 1)
        }
    }

    @Test func a429FaultBacksOffAndSucceeds() async throws {
        try await Loopback.run { h in
            try await h.fault(#"{"count": 1, "status": 429, "path_prefix": "/conerix", "body": "{\"success\":false,\"error\":{\"type\":\"rate_limit_error\",\"code\":\"rate_limit_exceeded\",\"message\":\"Rate limit exceeded.\"},\"meta\":{\"request_id\":\"req_1\"}}"}"#)
            _ = try await h.conerix().send(try Loopback.message())
            #expect(try await h.store.sandbox().sandboxMessages().count == 1)
            #expect(h.sleeps.recorded.count == 1)
            #expect(h.attempts.count == 2)
        }
    }

    @Test func theServersRateLimitIsHonoured() async throws {
        // One request a minute on the server; the client's limiter allows more, so the server's
        // 429 and its headers decide the wait. The recorded sleeps move the server's clock.
        let clock = ManualTimeSource()
        try await Loopback.run(.init(port: 0, conerixRequestsPerMinute: 1), clock: clock) { h in
            let client = h.conerix()
            _ = try await client.send(try Loopback.message(to: "+33612345678"))
            _ = try await client.send(try Loopback.message(to: "+33612345679"))
            #expect(try await h.store.sandbox().sandboxMessages().count == 2)
            let waited = h.sleeps.recorded.reduce(Duration.zero, +)
            #expect(waited > .zero)
            #expect(waited <= .seconds(61))
        }
    }

    @Test func aBulkOf2500MakesThreeRequests() async throws {
        try await Loopback.run { h in
            let recipients = try (0..<2_500).map { try PhoneNumber.parse("+3361\(String(format: "%07d", $0))") }
            let result = await h.conerix().bulk(to: recipients, body: "Promo", from: try SenderID.parse("ACME"))
            #expect(result.requestCount == 3)
            #expect(h.attempts.count == 3)
            #expect(result.recipients.count == 2_500)
            #expect(result.recipients.map(\.to) == recipients.map(\.e164))
            #expect(result.sent == 2_500)
            #expect(result.recipients.allSatisfy { $0.messageID != nil })
            #expect(try await h.store.sandbox().sandboxMessages().count == 2_500)
        }
    }

    @Test func aBulkReportsAFailedChunkPerRecipient() async throws {
        try await Loopback.run { h in
            let recipients = try (0..<1_500).map { try PhoneNumber.parse("+3361\(String(format: "%07d", $0))") }
            // The first chunk fails hard; the second still goes out.
            try await h.fault(#"{"count": 1, "status": 402, "path_prefix": "/conerix", "body": "{\"success\":false,\"error\":{\"type\":\"billing_error\",\"code\":\"insufficient_funds\",\"message\":\"Top up\"},\"meta\":{\"request_id\":\"req_b\"}}"}"#)
            let result = await h.conerix().bulk(to: recipients, body: "Promo")
            #expect(result.requestCount == 2)
            #expect(result.failed == 1_000)
            #expect(result.sent == 500)
            #expect(result.recipients.prefix(1_000).allSatisfy { $0.error?.code == "insufficient_funds" })
            #expect(try await h.store.sandbox().sandboxMessages().count == 500)
        }
    }

    @Test func aBadGatewayOnASendIsNotRetried() async throws {
        // A 502 may come after Conerix sent the message: repeating could send it twice.
        try await Loopback.run { h in
            try await h.fault(#"{"count": 1, "status": 502, "path_prefix": "/conerix"}"#)
            let error = try await #require(throws: ProviderError.self) { try await h.conerix().send(try Loopback.message()) }
            #expect(error.code == "outcome_unknown")
            #expect(error.httpStatus == 502)
            #expect(h.attempts.count == 1)
            #expect(try await h.store.sandbox().sandboxMessages().isEmpty)
        }
    }

    @Test func aTimedOutSendIsNotRetried() async throws {
        // No server dedup: a send whose outcome is unknown is never repeated (at most once).
        try await Loopback.run(readTimeout: .milliseconds(300)) { h in
            try await h.fault(#"{"count": 1, "status": 503, "delay_ms": 1000, "path_prefix": "/conerix"}"#)
            let error = try await #require(throws: ProviderError.self) { try await h.conerix().send(try Loopback.message()) }
            #expect(error.code == "outcome_unknown")
            #expect(!error.retryable)
            #expect(h.attempts.count == 1)
        }
    }

    @Test func webhookEndpointCreation() async throws {
        try await Loopback.run { h in
            let endpoint = try await h.conerix().createWebhookEndpoint(
                url: "https://example.com/hooks", description: "tests", events: [.delivered, .failed])
            #expect(endpoint.id.hasPrefix("whe_"))
            #expect(endpoint.url == "https://example.com/hooks")
            #expect(Set(endpoint.events) == ["message.delivered", "message.failed"])
            let secret = try #require(endpoint.signingSecret)
            #expect(secret.unredactedValue.hasPrefix("whsec_"))
            // The secret works with our verifier.
            let body = Array(#"{"id":"evt_1"}"#.utf8)
            let now = Date()
            let header = ConerixSignature.sign(payload: body, secret: secret, timestamp: Int(now.timeIntervalSince1970))
            try ConerixSignature.verify(payload: body, header: header, secret: secret, now: now)
        }
    }
}
