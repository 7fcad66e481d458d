import Foundation
import Providers
import SandboxStore
import Storage
import StoreSQLite
import SMSCore
import Server
import Testing
import TestSupport

@Suite struct ConexteoLoopbackTests {
    @Test func sendCarriesPathHeadersAndBody() async throws {
        // The server requires the app id once configured, so success proves both headers.
        try await Loopback.run(.init(port: 0, conexteoAPIKey: "cx_key_1", conexteoAppID: "app-9")) { h in
            let message = try Loopback.message(body: "Votre code : 4821", externalID: "order-42")
            let receipt = try await h.conexteo().send(message)
            #expect(!receipt.alreadyProcessed)
            #expect(receipt.externalID == "order-42")
            let stored = try await h.store.sandbox().sandboxMessages()
            #expect(stored.count == 1)
            #expect(stored.first?.to == "+33612345678")
            #expect(stored.first?.from == "ACME")
            #expect(stored.first?.body == "Votre code : 4821")
            #expect(stored.first?.externalID == "order-42")
            #expect(h.attempts.count == 1)
            #expect(h.attempts.first?.contains("/conexteo/messages/sms") == true)
        }
    }

    @Test func aSendWithoutAKeyGetsOne() async throws {
        try await Loopback.run { h in
            let receipt = try await h.conexteo().send(try Loopback.message())
            let key = try #require(receipt.externalID)
            #expect(key.hasPrefix("mw-"))
            #expect(try await h.store.sandbox().sandboxMessages().map(\.externalID) == [key])
        }
    }

    @Test func twoFailuresThenSuccessSendsOnce() async throws {
        try await Loopback.run { h in
            try await h.fault(#"{"count": 2, "status": 503, "path_prefix": "/conexteo"}"#)
            let receipt = try await h.conexteo().send(try Loopback.message())
            #expect(!receipt.alreadyProcessed)
            #expect(try await h.store.sandbox().sandboxMessages().count == 1)
            #expect(h.attempts.count == 3)
            #expect(h.sleeps.recorded.count == 2)
        }
    }

    @Test func aReusedExternalIDIsAlreadyProcessed() async throws {
        try await Loopback.run { h in
            let client = h.conexteo()
            let message = try Loopback.message(externalID: "order-7")
            let first = try await client.send(message)
            let second = try await client.send(message)
            #expect(!first.alreadyProcessed)
            #expect(second.alreadyProcessed)
            #expect(second.status == "already_processed")
            #expect(try await h.store.sandbox().sandboxMessages().count == 1)
            #expect(h.attempts.count == 2)  // the 409 is an answer, never retried
        }
    }

    @Test func aRejectedSendIsNotRetried() async throws {
        try await Loopback.run { h in
            var message = try Loopback.message()
            message.from = SenderID(value: "MUCH-TOO-LONG-SENDER", kind: .alphanumeric)  // bypasses local validation
            let error = try await #require(throws: ProviderError.self) { try await h.conexteo().send(message) }
            #expect(error.httpStatus.map { (400..<500).contains($0) } == true)
            #expect(error.provider == "conexteo")
            #expect(error.operation == "send")
            #expect(!error.retryable)
            #expect(h.attempts.count == 1)
            #expect(try await h.store.sandbox().sandboxMessages().isEmpty)
        }
    }

    @Test func aFaulted422IsNotRetried() async throws {
        try await Loopback.run { h in
            try await h.fault(#"{"count": 2, "status": 422, "body": "{\"statusCode\":422,\"message\":\"nope\"}"}"#)
            let error = try await #require(throws: ProviderError.self) { try await h.conexteo().send(try Loopback.message()) }
            #expect(error.httpStatus == 422)
            #expect(error.code == "invalid_request")
            #expect(h.attempts.count == 1)
            #expect(h.sleeps.recorded.isEmpty)
        }
    }

    @Test func aTimeoutIsRetriedWithTheSameExternalID() async throws {
        // A read timeout long enough that only the faulted attempt (held 15 s) can hit it, even on a
        // loaded machine where a normal answer can take seconds (a 1 s timeout failed there).
        try await Loopback.run(readTimeout: .seconds(5)) { h in
            try await h.fault(#"{"count": 1, "status": 503, "delay_ms": 15000, "path_prefix": "/conexteo"}"#)
            let receipt = try await h.conexteo(makeExternalID: { "mw-fixed-\(UUID().uuidString)" }).send(try Loopback.message())
            let key = try #require(receipt.externalID)
            #expect(try await h.store.sandbox().sandboxMessages().map(\.externalID) == [key])
            // At least the timed-out attempt and the one that went through; a loaded machine may
            // time out once more, which is fine as long as every attempt carries the same key.
            let bodies = h.logs.recorded.filter { $0.contains("request body") }
            #expect(bodies.count >= 2)
            #expect(bodies.allSatisfy { $0.contains(key) })
        }
    }

    @Test func aWrongKeyIsUnauthorizedAndNotRetried() async throws {
        try await Loopback.run { h in
            let error = try await #require(throws: ProviderError.self) { try await h.conexteo(key: "wrong").credits() }
            #expect(error.code == "unauthorized")
            #expect(error.message.contains("CONEXTEO_API_KEY"))
            #expect(h.attempts.count == 1)
        }
    }

    @Test func credits() async throws {
        try await Loopback.run { h in
            let buckets = try await h.conexteo().credits()
            #expect(!buckets.isEmpty)
            #expect(buckets.allSatisfy { $0.credits >= 0 })
        }
    }
}
