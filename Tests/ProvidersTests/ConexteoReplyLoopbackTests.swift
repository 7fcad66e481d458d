import Foundation
import Providers
import SMSCore
import Server
import SandboxStore
import Storage
import StoreSQLite
import Testing
import TestSupport

@Suite struct ConexteoReplyLoopbackTests {
    static let ana = try! PhoneNumber.parse("+33612345678")

    /// `POST /_sandbox/replies` and the stored reply it answers, as a JSON object.
    func inject(_ h: Loopback, _ json: String) async throws -> (status: Int, body: [String: Any]) {
        let (status, text) = try await h.control("POST", "/replies", body: json)
        let body = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
        return (status, body)
    }

    @Test func injectedRepliesAreListedNewestFirstPagedAndExtracted() async throws {
        try await Loopback.run { h in
            let client = h.conexteo()
            let sent = try await client.sendSMS(to: [Self.ana], body: "Votre avis ?", from: SenderID.parse("ACME"))
            let messageID = try #require(sent.response?.messageID)

            // A national number is normalized; the reply answers the latest message to that number.
            let first = try await inject(h, #"{"from": "06 12 34 56 78", "body": "Oui"}"#)
            #expect(first.status == 201)
            #expect(first.body["from"] as? String == "+33612345678")
            #expect(first.body["to"] as? String == "ACME")
            #expect(first.body["in_reply_to"] as? String == messageID)
            #expect((first.body["id"] as? String)?.hasPrefix("rpl_") == true)
            let firstSeq = try #require(first.body["seq"] as? Int)
            let second = try await inject(h, #"{"from": "+33712345678", "body": "Non", "to": "SHOP"}"#)
            #expect(second.body["to"] as? String == "SHOP")
            #expect(second.body["in_reply_to"] is NSNull)
            #expect(try #require(second.body["seq"] as? Int) > firstSeq)
            _ = try await inject(h, #"{"from": "+33612345678", "body": "STOP"}"#)

            var paged: [ConexteoInboundReply] = []
            for try await reply in client.replies(pageSize: 2) { paged.append(reply) }
            #expect(paged.map(\.content) == ["STOP", "Non", "Oui"])
            #expect(paged.map(\.from) == ["+33612345678", "+33712345678", "+33612345678"])
            #expect(paged.map(\.to) == ["ACME", "SHOP", "ACME"])
            #expect(paged.last?.messageID == messageID)
            #expect(paged.last?.id == first.body["id"] as? String)
            #expect(paged.allSatisfy { $0.receivedAt != nil })
            let reads = h.logs.recorded.filter { $0.contains("→ GET") && $0.contains("/messages/replies?") }
            #expect(reads.count == 2)  // pages of 2 and 1

            let extract = try await client.allReplies()
            #expect(extract == paged)
            #expect(h.attempts.last?.contains("/conexteo/messages/replies/extract") == true)
        }
    }

    @Test func aReplyFromABadNumberIsRefused() async throws {
        try await Loopback.run { h in
            let bad = try await inject(h, #"{"from": "12", "body": "Oui"}"#)
            #expect(bad.status == 400)
            let error = bad.body["error"] as? [String: Any]
            #expect(error?["code"] as? String == "bad_reply")
            #expect((error?["message"] as? String)?.contains("\"12\"") == true)
            let empty = try await inject(h, #"{"from": "+33612345678"}"#)
            #expect(empty.status == 400)
            #expect(try await h.store.sandbox().sandboxReplyCount() == 0)
            #expect(try await h.conexteo().allReplies().isEmpty)
        }
    }
}
