import Foundation
import Testing
import Providers

@Suite("Conerix webhook events")
struct ConerixWebhookEventTests {
    let secret = "whsec_0123456789abcdefghijklmnopqrstuv"
    let signedAt = Date(timeIntervalSince1970: 1_778_585_661)  // 2026-05-12T11:34:21Z
    static let delivered = Array(
        #"{"id":"evt_1a2b3c","object":"event","type":"message.delivered","created_at":"2026-05-12T11:34:21+00:00","#
            .utf8)
        + Array(
            #""data":{"id":"msg_VyB2pNkX0wnA9aTrLqDh1Z3Fc","object":"message","to":"+12025550143","from":"Conerix","#
                .utf8)
        + Array(#""status":"delivered","delivered_at":"2026-05-12T11:34:25+00:00","reference":"signup-9214"}}"#.utf8)

    func header(_ body: [UInt8], secret: String? = nil, at date: Date? = nil) -> String {
        ConerixSignature.sign(
            payload: body, secret: ProviderSecret(secret ?? self.secret),
            timestamp: Int((date ?? signedAt).timeIntervalSince1970))
    }

    /// The error code `ConerixWebhook.event` gives, or nil when it accepts; its message never shows the secret.
    func code(_ body: [UInt8], _ header: String?, now: Date? = nil, tolerance: Duration = .seconds(300)) -> String? {
        do throws(ProviderError) {
            _ = try ConerixWebhook.event(
                body: body, signatureHeader: header, secret: secret, now: now ?? signedAt, tolerance: tolerance)
            return nil
        } catch {
            #expect(!error.message.contains(secret) && !error.description.contains(secret))
            #expect(error.provider == "conerix" && !error.retryable)
            return error.code
        }
    }

    @Test("a signed body that is not an event object says so in JSON's words, naming no Swift type")
    func signedArrayBody() throws {
        let body = Array("[]".utf8)
        let error = #expect(throws: ProviderError.self) {
            try ConerixWebhook.event(body: body, signatureHeader: header(body), secret: ProviderSecret(secret), now: signedAt)
        }
        #expect(error?.code == "invalid_event")
        #expect(error?.message.contains("an array at the top level where an object was expected") == true, "\(String(describing: error))")
        #expect(error?.message.contains("Dictionary") == false && error?.message.contains("Any") == false)
    }

    @Test("a signed event decodes with every documented field and the echoed reference")
    func decodesASignedEvent() throws {
        let event = try ConerixWebhook.event(
            body: Self.delivered, signatureHeader: header(Self.delivered), secret: ProviderSecret(secret), now: signedAt + 60)
        #expect(event.id == "evt_1a2b3c")
        #expect(event.object == "event")
        #expect(event.eventType == .delivered)
        #expect(event.createdDate == signedAt)
        #expect(event.data.id == "msg_VyB2pNkX0wnA9aTrLqDh1Z3Fc")
        #expect(event.data.object == "message")
        #expect(event.data.to == "+12025550143")
        #expect(event.data.from == "Conerix")
        #expect(event.data.status == "delivered")
        #expect(event.data.deliveredDate == signedAt + 4)
        #expect(event.data.reference == "signup-9214")
    }

    @Test("an event type Moonwire does not know still decodes, so the receiver can acknowledge it")
    func unknownTypeDecodes() throws {
        let body = Array(
            #"{"id":"evt_9","object":"event","type":"message.queued","created_at":"2026-05-12T11:34:21+00:00","data":{"id":"msg_1","object":"message","to":"+12025550143","from":"Conerix","status":"queued","delivered_at":null}}"#
                .utf8)
        let event = try ConerixWebhook.event(body: body, signatureHeader: header(body), secret: secret, now: signedAt)
        #expect(event.type == "message.queued")
        #expect(event.eventType == nil)
        #expect(event.data.deliveredAt == nil)
        #expect(event.data.reference == nil)
    }

    @Test("a missing, malformed, tampered, wrongly keyed or stale signature is refused with its own code")
    func signatureFailures() {
        let good = header(Self.delivered)
        #expect(code(Self.delivered, good) == nil)
        #expect(code(Self.delivered, nil) == "missing_signature")
        #expect(code(Self.delivered, "") == "missing_signature")
        #expect(code(Self.delivered, "sha256=abcdef") == "malformed_signature")
        #expect(code(Self.delivered, "t=1778585661") == "malformed_signature")
        var tampered = Self.delivered
        tampered[tampered.count - 4] = UInt8(ascii: "5")  // signup-9215
        #expect(code(tampered, good) == "bad_signature")
        #expect(code(Self.delivered, header(Self.delivered, secret: "whsec_another")) == "bad_signature")
        #expect(code(Self.delivered, good, now: signedAt + 301) == "stale_signature")
        #expect(code(Self.delivered, good, now: signedAt - 301) == "stale_signature")  // signed in the future
        #expect(code(Self.delivered, good, now: signedAt + 301, tolerance: .seconds(600)) == nil)
        // A forged timestamp far from any clock is refused, not a crash.
        #expect(code(Self.delivered, "t=9223372036854775807,v1=\(String(repeating: "0", count: 64))") == "stale_signature")
    }

    @Test("the signature is checked before the body is parsed")
    func verifiesBeforeParsing() {
        let garbage = Array("not json at all".utf8)
        #expect(code(garbage, header(Self.delivered)) == "bad_signature")
        #expect(code(garbage, nil) == "missing_signature")
    }

    @Test("a correctly signed body that is not a Conerix event is invalid_event, naming what is wrong")
    func invalidEvents() throws {
        func message(_ text: String) -> String? {
            let body = Array(text.utf8)
            do throws(ProviderError) {
                _ = try ConerixWebhook.event(body: body, signatureHeader: header(body), secret: secret, now: signedAt)
                return nil
            } catch {
                #expect(error.code == "invalid_event")
                return error.message
            }
        }
        #expect(message("not json")?.contains("not valid JSON") == true)
        #expect(message(#"{"id":"evt_1","object":"event","type":"message.sent","created_at":"x"}"#)?.contains("data") == true)
        let noRecipient =
            #"{"id":"evt_1","object":"event","type":"message.sent","created_at":"x","data":{"id":"msg_1","object":"message","from":"A","status":"sent"}}"#
        #expect(message(noRecipient)?.contains("data.to") == true)
        let notAnEvent =
            #"{"id":"whe_1","object":"webhook_endpoint","type":"message.sent","created_at":"x","data":{"id":"msg_1","object":"message","to":"+1","from":"A","status":"sent"}}"#
        #expect(message(notAnEvent)?.contains("webhook_endpoint") == true)
    }
}
