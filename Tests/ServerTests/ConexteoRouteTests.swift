import Foundation
import NIOCore
import NIOHTTP1
import Server
import SandboxStore
import Storage
import StoreSQLite
import Testing

@Suite("Conexteo over HTTP")
struct ConexteoRouteTests {
    static let send = #"{"content":"Bonjour","recipients":["+33612345678"],"sender":"ACME","external_id":"order-42"}"#

    @Test("a manual send answers 201 with the credit summary, stores the message and debits credits")
    func sendHappyPath() async throws {
        try await SandboxHarness.run { h async throws in
            let reply = try await h.conexteo(.POST, "/messages/sms", Self.send)
            #expect(reply.status == 201)
            let body = reply.object
            #expect(body["success"] as? Bool == true)
            #expect(body["recipients_count"] as? Int == 1)
            #expect(body["sms_count"] as? Int == 1)
            #expect(body["credits_used"] as? Int == 1)
            #expect(body["credits_remaining"] as? Int == 9_999)
            let stored = try await h.stored()
            #expect(stored.count == 1)
            #expect(body["message_id"] as? String == stored.first?.id)
            #expect(stored.first?.to == "+33612345678")
            #expect(stored.first?.from == "ACME")
            #expect(stored.first?.externalID == "order-42")

            let credits = try await h.conexteo(.GET, "/users/credits")
            #expect(credits.status == 200)
            let buckets = try JSONSerialization.jsonObject(with: Data(credits.text.utf8)) as? [[String: Any]]
            #expect(buckets?.first?["credits"] as? Int == 9_999)
        }
    }

    @Test("national numbers are normalized, duplicates counted once, segments billed per recipient")
    func normalizesAndCounts() async throws {
        try await SandboxHarness.run { h async throws in
            let long = String(repeating: "a", count: 161)  // two GSM-7 segments
            let reply = try await h.conexteo(
                .POST, "/messages/sms", #"{"content":"\#(long)","recipients":["06 12 34 56 78","+33612345678","+33712345678"]}"#)
            #expect(reply.status == 201)
            #expect(reply.object["recipients_count"] as? Int == 2)
            #expect(reply.object["doublons"] as? Int == 1)
            #expect(reply.object["sms_count"] as? Int == 4)
            #expect(Set(try await h.stored().map(\.to)) == ["+33612345678", "+33712345678"])
        }
    }

    @Test("a reused external_id answers the documented 409 and stores one message")
    func reusedExternalID() async throws {
        try await SandboxHarness.run { h async throws in
            #expect(try await h.conexteo(.POST, "/messages/sms", Self.send).status == 201)
            let again = try await h.conexteo(.POST, "/messages/sms", Self.send)
            #expect(again.status == 409)
            #expect(again.object["status"] as? Int == 409)
            #expect(again.object["error"] as? String == "External ID already processed")
            #expect(try await h.stored().count == 1)
            let credits = try await h.conexteo(.GET, "/users/credits")
            #expect(credits.text.contains(#""credits":9999"#))  // the 409 debited nothing
        }
    }

    @Test("a missing or wrong key is refused with 401", arguments: [[], [("X-API-KEY", "wrong")]])
    func authRefused(headers: [(String, String)]) async throws {
        try await SandboxHarness.run { h async throws in
            let reply = try await h.conexteo(.POST, "/messages/sms", Self.send, headers: headers)
            #expect(reply.status == 401)
            #expect(reply.object["statusCode"] as? Int == 401)
            #expect(try await h.conexteo(.GET, "/users/credits", headers: headers).status == 401)
            #expect(try await h.stored().isEmpty)
        }
    }

    @Test("a configured app id is required in X-APP-ID; header names are case-insensitive")
    func appID() async throws {
        try await SandboxHarness.run(.init(conexteoAPIKey: "k", conexteoAppID: "app-7")) { h async throws in
            #expect(try await h.conexteo(.GET, "/users/credits", headers: [("X-API-KEY", "k")]).status == 401)
            #expect(
                try await h.conexteo(.GET, "/users/credits", headers: [("X-API-KEY", "k"), ("X-APP-ID", "app-8")])
                    .status == 401)
            #expect(
                try await h.conexteo(.GET, "/users/credits", headers: [("x-api-key", "k"), ("x-app-id", "app-7")])
                    .status == 200)
        }
    }

    @Test("bad input answers 400 with every problem and stores nothing")
    func validation() async throws {
        try await SandboxHarness.run { h async throws in
            let cases: [(String?, String)] = [
                (#"{"content":"Hi","recipients":["12"]}"#, "recipients.0"),
                (#"{"content":"","recipients":["+33612345678"]}"#, "content should not be empty"),
                (#"{"content":"Hi","recipients":[]}"#, "recipients must contain at least 1 elements"),
                (#"{"content":"Hi","recipients":["+33612345678"],"sender":"WAY TOO LONG NAME"}"#, "too long"),
                ("{not json", "JSON object"),
                (nil, "JSON object"),
            ]
            for (json, fragment) in cases {
                let reply = try await h.conexteo(.POST, "/messages/sms", json)
                #expect(reply.status == 400, "\(json ?? "no body")")
                #expect(reply.object["error"] as? String == "Bad Request")
                let messages = reply.object["message"] as? [String] ?? []
                #expect(messages.contains { $0.contains(fragment) }, "\(messages)")
            }
            #expect(try await h.stored().isEmpty)
        }
    }

    @Test("resumeBefore=true answers the cost without sending")
    func dryRun() async throws {
        try await SandboxHarness.run { h async throws in
            let reply = try await h.conexteo(.POST, "/messages/sms?resumeBefore=true", Self.send)
            #expect(reply.status == 200)
            #expect(reply.object["credits_required"] as? Int == 1)
            #expect(reply.object["credits_used"] as? Int == 0)
            #expect(try await h.stored().isEmpty)
            #expect(try await h.conexteo(.POST, "/messages/sms", Self.send).status == 201)  // key still unused
        }
    }

    @Test("a send the balance cannot cover answers 402 and stores nothing")
    func insufficientCredits() async throws {
        try await SandboxHarness.run { h async throws in
            let set = try await h.request(.PUT, "/_sandbox/conexteo/credits", json: #"{"credits":1}"#)
            #expect(set.status == 200)
            let reply = try await h.conexteo(
                .POST, "/messages/sms", #"{"content":"Hi","recipients":["+33612345678","+33712345678"]}"#)
            #expect(reply.status == 402)
            #expect(try await h.stored().isEmpty)
            #expect(try await h.conexteo(.GET, "/users/credits").text.contains(#""credits":1,"#))
        }
    }
}
