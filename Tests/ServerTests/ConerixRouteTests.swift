import Foundation
import NIOCore
import NIOHTTP1
import SMSCore
import Server
import SandboxStore
import Storage
import StoreSQLite
import Testing

@Suite("Conerix over HTTP")
struct ConerixRouteTests {
    static let send = #"{"to":"+33612345678","from":"ACME","body":"Your code is 482194","reference":"signup-9214"}"#

    @Test("a send answers 201 with the message object, and the message is stored")
    func sendHappyPath() async throws {
        try await SandboxHarness.run { h async throws in
            let reply = try await h.conerix("/messages/send", Self.send)
            #expect(reply.status == 201)
            let body = reply.object
            #expect(body["success"] as? Bool == true)
            let data = try #require(body["data"] as? [String: Any])
            let id = try #require(data["id"] as? String)
            #expect(id.hasPrefix("msg_"))
            #expect(data["object"] as? String == "message")
            #expect(data["to"] as? String == "+33612345678")
            #expect(data["from"] as? String == "ACME")
            #expect(data["status"] as? String == "sent")
            #expect(data["cost"] as? Double == 0.05)
            #expect(data["currency"] as? String == "USD")
            #expect((data["created_at"] as? String)?.hasSuffix("+00:00") == true)
            let requestID = try #require((body["meta"] as? [String: Any])?["request_id"] as? String)
            #expect(requestID.hasPrefix("req_"))
            #expect(reply.headers.first(name: "X-Request-Id") == requestID)
            #expect(reply.headers.first(name: "X-RateLimit-Limit") == "60")
            #expect(reply.headers.first(name: "X-RateLimit-Remaining") == "59")
            let stored = try await h.stored()
            #expect(stored.map(\.id) == [id])
            #expect(stored.first?.body == "Your code is 482194")
            #expect(stored.first?.externalID == nil)  // Conerix has no server dedup
        }
    }

    @Test("no key or a wrong key is refused with 401 and stores nothing", arguments: [nil, "ds_live_wrong"])
    func authRefused(key: String?) async throws {
        try await SandboxHarness.run { h async throws in
            let reply = try await h.conerix("/messages/send", Self.send, key: key)
            #expect(reply.status == 401)
            let error = try #require(reply.object["error"] as? [String: Any])
            #expect(error["type"] as? String == "authentication_error")
            #expect(error["code"] as? String == (key == nil ? "missing_api_key" : "invalid_api_key"))
            #expect(reply.object["success"] as? Bool == false)
            #expect(!reply.text.contains("ds_live_wrong"))
            #expect(try await h.stored().isEmpty)
        }
    }

    @Test("invalid fields answer 422 with SMSCore's code; a non-JSON body answers 400")
    func validation() async throws {
        try await SandboxHarness.run { h async throws in
            let cases: [(String, Int, String)] = [
                (#"{"to":"0612345678","from":"ACME","body":"Hi"}"#, 422, "not_e164"),
                (#"{"to":"+33612","from":"ACME","body":"Hi"}"#, 422, "too_short"),
                (#"{"to":"+33612345678","from":"ACME","body":"  "}"#, 422, "empty_body"),
                (#"{"to":"+33612345678","from":"A VERY LONG SENDER","body":"Hi"}"#, 422, "invalid_sender"),
                (#"{"to":"+33612345678","body":"Hi"}"#, 422, "missing_parameter"),
                (#"{"to":"+33612345678","from":"ACME","body":"Hi","route_id":"x"}"#, 422, "invalid_parameter"),
                ("not json", 400, "invalid_json"),
            ]
            for (json, status, code) in cases {
                let reply = try await h.conerix("/messages/send", json)
                #expect(reply.status == status, "\(json)")
                #expect((reply.object["error"] as? [String: Any])?["code"] as? String == code, "\(json)")
            }
            #expect(try await h.stored().isEmpty)
        }
    }

    @Test("a bulk send stores one message per good recipient and reports the bad one")
    func bulkPartial() async throws {
        try await SandboxHarness.run { h async throws in
            let reply = try await h.conerix(
                "/messages/bulk", #"{"from":"ACME","recipients":["+33612345678","0612345678","+447700900100"],"body":"Hi"}"#)
            #expect(reply.status == 200)
            let data = try #require(reply.object["data"] as? [String: Any])
            #expect(data["object"] as? String == "bulk_result")
            #expect(data["total"] as? Int == 3)
            #expect(data["sent"] as? Int == 2)
            #expect(data["failed"] as? Int == 1)
            let messages = try #require(data["messages"] as? [[String: Any]])
            #expect(messages.map { $0["status"] as? String } == ["sent", "failed", "sent"])
            #expect((messages[1]["error"] as? [String: Any])?["code"] as? String == "not_e164")
            #expect(Set(try await h.stored().map(\.to)) == ["+33612345678", "+447700900100"])
        }
    }

    @Test("a bulk send takes 1,000 recipients and refuses 1,001 with 422, storing nothing")
    func bulkLimit() async throws {
        try await SandboxHarness.run { h async throws in
            func recipients(_ n: Int) -> String {
                (0..<n).map { "\"+336\(String(format: "%08d", 10_000_000 + $0))\"" }.joined(separator: ",")
            }
            let over = try await h.conerix(
                "/messages/bulk", #"{"from":"ACME","body":"Hi","recipients":[\#(recipients(1_001))]}"#)
            #expect(over.status == 422)
            #expect((over.object["error"] as? [String: Any])?["code"] as? String == "too_many_recipients")
            #expect(try await h.stored().isEmpty)

            let full = try await h.conerix(
                "/messages/bulk", #"{"from":"ACME","body":"Hi","recipients":[\#(recipients(1_000))]}"#)
            #expect(full.status == 200)
            #expect((full.object["data"] as? [String: Any])?["sent"] as? Int == 1_000)
            #expect(try await h.stored().count == 1_000)
        }
    }

    @Test("after the per-minute limit a request answers 429 with the documented body and Retry-After")
    func rateLimit() async throws {
        try await SandboxHarness.run(.init(conerixRequestsPerMinute: 3)) { h async throws in
            for remaining in ["2", "1", "0"] {
                let reply = try await h.conerix("/messages/send", Self.send)
                #expect(reply.status == 201)
                #expect(reply.headers.first(name: "X-RateLimit-Remaining") == remaining)
            }
            let limited = try await h.conerix("/messages/send", Self.send)
            #expect(limited.status == 429)
            #expect(limited.headers.first(name: "Retry-After") == "30")  // the fixed clock is at :30
            #expect(limited.headers.first(name: "X-RateLimit-Limit") == "3")
            #expect(limited.headers.first(name: "X-RateLimit-Remaining") == "0")
            let error = try #require(limited.object["error"] as? [String: Any])
            #expect(error["type"] as? String == "rate_limit_error")
            #expect(error["code"] as? String == "rate_limit_exceeded")
            #expect(error["message"] as? String == "Rate limit exceeded. Maximum 3 requests per minute.")
            #expect(try await h.stored().count == 3)
            // A wrong key is refused before it could use up the real key's window.
            #expect(try await h.conerix("/messages/send", Self.send, key: "other").status == 401)
        }
    }

    @Test("the next minute opens a new window")
    func rateLimitWindowResets() async throws {
        let clock = ManualTimeSource(SandboxHarness.clock.date)
        try await SandboxHarness.run(.init(conerixRequestsPerMinute: 1), clock: clock) { h async throws in
            #expect(try await h.conerix("/messages/send", Self.send).status == 201)
            #expect(try await h.conerix("/messages/send", Self.send).status == 429)
            clock.advance(by: .seconds(30))
            #expect(try await h.conerix("/messages/send", Self.send).status == 201)
        }
    }

    @Test("creating a webhook endpoint answers 201 with its signing secret and stores it")
    func webhookCreate() async throws {
        try await SandboxHarness.run { h async throws in
            let reply = try await h.conerix(
                "/webhooks/create",
                #"{"url":"https://example.com/hooks","description":"prod","events":["message.delivered","message.failed"]}"#)
            #expect(reply.status == 201)
            let data = try #require(reply.object["data"] as? [String: Any])
            #expect((data["id"] as? String)?.hasPrefix("whe_") == true)
            #expect(data["object"] as? String == "webhook_endpoint")
            #expect(data["is_active"] as? Bool == true)
            #expect(data["events"] as? [String] == ["message.delivered", "message.failed"])
            let secret = try #require(data["signing_secret"] as? String)
            #expect(secret.hasPrefix("whsec_"))
            let stored = try await h.store.sandbox().sandboxWebhookEndpoints()
            #expect(stored.map(\.signingSecret) == [secret])
            #expect(stored.first?.events == ["message.delivered", "message.failed"])

            let bad = try await h.conerix("/webhooks/create", #"{"url":"https://example.com","events":["message.read"]}"#)
            #expect(bad.status == 422)
            #expect((bad.object["error"] as? [String: Any])?["code"] as? String == "invalid_event")
            let noURL = try await h.conerix("/webhooks/create", #"{"url":"example","events":["message.sent"]}"#)
            #expect(noURL.status == 422)
            #expect(try await h.store.sandbox().sandboxWebhookEndpoints().count == 1)
        }
    }
}
