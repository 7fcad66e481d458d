import Foundation
import NIOCore
import NIOHTTP1
import Server
import SandboxStore
import Storage
import StoreSQLite
import Testing

@Suite("Conexteo message operations over HTTP")
struct ConexteoMessageRouteTests {
    /// The `message` strings of a 400 body.
    static func messages(_ reply: SandboxHarness.Reply) -> [String] { reply.object["message"] as? [String] ?? [] }

    /// A JSON array body.
    static func array(_ reply: SandboxHarness.Reply) -> [[String: Any]] {
        (try? JSONSerialization.jsonObject(with: Data(reply.text.utf8))) as? [[String: Any]] ?? []
    }

    @Test("every send skips stopped numbers (counted in stops), and a send to contact lists is in the history too")
    func stopsAndListSends() async throws {
        try await SandboxHarness.run { h async throws in
            #expect(try await h.conexteo(.POST, "/stops", #"{"recipient":"0699999999"}"#).status == 201)
            let manual = try await h.conexteo(
                .POST, "/messages/sms", #"{"content":"Bonjour","recipients":["+33612345678","+33699999999"]}"#)
            #expect(manual.status == 201)
            #expect(manual.object["stops"] as? Int == 1 && manual.object["recipients_count"] as? Int == 1)
            let rcs = try await h.conexteo(.POST, "/messages/rcs", #"{"type":"text","contacts":[{"recipient":"+33699999999"}],"data":{"text":"x"}}"#)
            #expect(rcs.status == 400)
            let list = try await h.conexteo(.POST, "/contactlists", #"{"name":"L"}"#)
            let id = try #require(list.object["id"] as? Int)
            #expect(try await h.conexteo(.POST, "/contacts", #"{"contactlist_id":\#(id),"contacts":[{"tel":"+33612345679"}]}"#).status < 300)
            let toList = try await h.conexteo(.POST, "/messages/sms/contactlist", #"{"content":"Liste","contactlist":[\#(id)]}"#)
            #expect(toList.status == 201)
            let history = try await h.conexteo(.GET, "/messages?page=1&limit=10")
            let items = history.object["items"] as? [[String: Any]] ?? []
            #expect(items.map { $0["content"] as? String } == ["Liste", "Bonjour"])
            #expect(items.first?["id"] as? String == toList.object["message_id"] as? String)
            #expect(try await h.store.sandbox().sandboxMessages().map(\.to).sorted() == ["+33612345678", "+33612345679"])
        }
    }

    @Test("the history row has Conexteo's fields, and every kind of send is in it")
    func historyRows() async throws {
        try await SandboxHarness.run { h async throws in
            let manual = try await h.conexteo(
                .POST, "/messages/sms", #"{"content":"Bonjour","recipients":["+33612345678"],"sender":"ACME","shorturl":{"mode":"auto","url":"https://example.com"}}"#)
            #expect(manual.status == 201)
            #expect(try await h.conexteo(.POST, "/messages", #"{"content":"Legacy","recipients":["+33612345678"],"sender":"ACME","message_type":1}"#).status == 201)
            #expect(try await h.conexteo(.POST, "/messages/sms/dynamic", #"{"content":"Hi #n#","recipients":[{"recipient":"+33612345678","n":"Ana"}]}"#).status == 201)
            #expect(try await h.conexteo(.POST, "/messages/rcs", #"{"type":"text","contacts":[{"recipient":"+33612345678"}],"data":{"text":"RCS"}}"#).status == 201)
            // A dry run, a refused send and a 402 leave no record.
            #expect(try await h.conexteo(.POST, "/messages/sms?resumeBefore=true", #"{"content":"Dry","recipients":["+33612345678"]}"#).status == 200)
            #expect(try await h.conexteo(.POST, "/messages/sms", #"{"content":"","recipients":["+33612345678"]}"#).status == 400)

            let history = try await h.conexteo(.GET, "/messages?page=1&limit=10")
            #expect(history.status == 200)
            let items = history.object["items"] as? [[String: Any]] ?? []
            #expect(items.map { $0["content"] as? String } == ["RCS", "Hi #n#", "Legacy", "Bonjour"])
            #expect(Set(items[3].keys) == [
                "id", "content", "sender", "state", "message_type", "recipients_count", "credits_required",
                "scheduledate", "scheduletime", "scheduletimestamp", "shorturl_mode", "shorturl_url",
            ])
            #expect(items[3]["id"] as? String == manual.object["message_id"] as? String)
            #expect(items[3]["shorturl_url"] as? String == "https://example.com")
            #expect((items[3]["shorturl_mode"] as? [String: Any])?["label"] as? String == "auto")
            #expect((items[0]["message_type"] as? [String: Any])?["label"] as? String == "RCS")
            #expect((items[3]["message_type"] as? [String: Any])?["label"] as? String == "SMS")
            // The harness clock: 2026-09-21T10:00:30Z, 12:00:30 in Paris.
            #expect(items[3]["scheduletimestamp"] as? Int == 1_789_984_830)
            #expect(items[3]["scheduledate"] as? String == "2026-09-21")
            #expect(items[3]["scheduletime"] as? String == "12:00:30")
            let meta = history.object["meta"] as? [String: Any]
            #expect(meta?["totalItems"] as? Int == 4)
            #expect(meta?["currentPage"] as? Int == 1)
        }
    }

    @Test("a legacy send with scheduledate and scheduletime is scheduled in French time and can be cancelled")
    func legacySchedule() async throws {
        try await SandboxHarness.run { h async throws in
            let sent = try await h.conexteo(
                .POST, "/messages",
                #"{"content":"Demain","recipients":["+33612345678"],"sender":"ACME","scheduledate":"2026-09-22","scheduletime":"08:00:00"}"#)
            #expect(sent.status == 201)
            let id = try #require(sent.object["message_id"] as? String)
            let details = try await h.conexteo(.GET, "/messages/\(id)")
            #expect(details.object["state"] as? String == "scheduled")
            #expect(details.object["scheduletimestamp"] as? Int == 1_790_056_800)  // 2026-09-22T06:00:00Z
            #expect(details.object["scheduledate"] as? String == "2026-09-22")
            #expect(details.object["scheduletime"] as? String == "08:00:00")
            let cancel = try await h.conexteo(.PUT, "/messages/\(id)/cancel")
            #expect(cancel.status == 200)
            #expect(cancel.object["credits_refunded"] as? Int == 1)
            #expect(try await h.stored().map(\.status) == ["cancelled"])
            let bad = try await h.conexteo(
                .POST, "/messages", #"{"content":"X","recipients":["+33612345678"],"scheduledate":"2026-02-31"}"#)
            #expect(bad.status == 400)
            #expect(Self.messages(bad).contains { $0.contains("scheduledate") && $0.contains("2026-02-31") })
            let iso = try await h.conexteo(
                .POST, "/messages/sms", #"{"content":"X","recipients":["+33612345678"],"scheduleAt":"tomorrow"}"#)
            #expect(Self.messages(iso).contains { $0.contains("scheduleAt") && $0.contains("tomorrow") })
        }
    }

    @Test("cancelling names what is wrong: an unknown id is 404, a sent one 409")
    func cancelErrors() async throws {
        try await SandboxHarness.run { h async throws in
            let missing = try await h.conexteo(.PUT, "/messages/sbx_missing/cancel")
            #expect(missing.status == 404)
            #expect(missing.object["error"] as? String == "Not Found")
            #expect((missing.object["message"] as? String)?.contains("sbx_missing") == true)
            let sent = try await h.conexteo(.POST, "/messages/sms", #"{"content":"Now","recipients":["+33612345678"]}"#)
            let id = try #require(sent.object["message_id"] as? String)
            let refused = try await h.conexteo(.PUT, "/messages/\(id)/cancel")
            #expect(refused.status == 409)
            #expect(refused.object["statusCode"] as? Int == 409)
            #expect((refused.object["message"] as? String)?.contains("2026-09-21T10:00:30Z") == true)
            #expect(try await h.conexteo(.PUT, "/messages/\(id)/cancel", headers: []).status == 401)
        }
    }

    @Test("the dynamic send names an unknown variable and leaves #STOP_XXX# to Conexteo")
    func dynamicVariables() async throws {
        try await SandboxHarness.run { h async throws in
            let unknown = try await h.conexteo(
                .POST, "/messages/sms/dynamic",
                #"{"content":"Hi #prenom# #nom#","recipients":[{"recipient":"+33612345678","prenom":"Ana"},{"recipient":"+33712345678","prenom":"Bob","nom":"B"}]}"#)
            #expect(unknown.status == 400)
            let messages = Self.messages(unknown)
            #expect(messages.count == 1)
            #expect(messages.first?.contains("recipients.0 (+33612345678)") == true)
            #expect(messages.first?.contains("#nom#") == true)
            #expect(try await h.stored().isEmpty)

            let sent = try await h.conexteo(
                .POST, "/messages/sms/dynamic",
                ##"{"content":"#1 for #prenom#, code #code##STOP_XXX#","recipients":[{"recipient":"0612345678","prenom":"Ana","code":42}],"external_id":"d-1"}"##)
            #expect(sent.status == 201)
            #expect(try await h.stored().map(\.body) == ["#1 for Ana, code 42#STOP_XXX#"])
            let again = try await h.conexteo(
                .POST, "/messages/sms/dynamic", #"{"content":"x","recipients":[{"recipient":"+33612345678"}],"external_id":"d-1"}"#)
            #expect(again.status == 409)
            #expect(again.object["error"] as? String == "External ID already processed")

            let strings = try await h.conexteo(.POST, "/messages/sms/dynamic", #"{"content":"x","recipients":["+33612345678"]}"#)
            #expect(strings.status == 400)
            #expect(Self.messages(strings).contains { $0.contains("recipients.0 must be an object") })
        }
    }

    @Test("RCS validation reports every problem with its field")
    func rcsValidation() async throws {
        try await SandboxHarness.run { h async throws in
            let cases: [(String, String)] = [
                (#"{"type":"video","contacts":[{"recipient":"+33612345678"}],"data":{}}"#, "type must be one of text, card, carousel (got \"video\")"),
                (#"{"type":"text","contacts":[],"data":{"text":"Hi"}}"#, "contacts must contain at least 1 elements"),
                (#"{"type":"text","contacts":[{"recipient":"12"}],"data":{"text":"Hi"}}"#, "contacts.0.recipient"),
                (#"{"type":"text","contacts":[{"recipient":"+33612345678"}],"data":{}}"#, "data.text should not be empty"),
                (#"{"type":"card","contacts":[{"recipient":"+33612345678"}],"data":{"title":"T"}}"#, "data.media_message_url is required"),
                (#"{"type":"card","contacts":[{"recipient":"+33612345678"}],"data":{"media_message_url":"javascript:alert(1)"}}"#, "data.media_message_url must be an http or https URL"),
                (#"{"type":"carousel","contacts":[{"recipient":"+33612345678"}],"data":{"cards":[]}}"#, "data.cards has 0 card(s)"),
                (#"{"type":"card","contacts":[{"recipient":"+33612345678"}],"data":{"media_message_url":"https://x.fr/a.jpg","choices":[{"type":"call","title":"Call","phoneNumber":"0612345678"}]}}"#, "+33612345678"),
                (#"{"type":"text","contacts":[{"recipient":"+33612345678"}],"data":{"text":"Hi"},"fallback":{"sender":"WAY TOO LONG SENDER"}}"#, "fallback.content should not be empty"),
                (#"{"type":"text","contacts":[{"recipient":"+33612345678"}],"data":{"text":"Hi"},"fallback":{"content":"Hi","sender":"WAY TOO LONG SENDER"}}"#, "fallback.sender"),
                ("[1]", "JSON object"),
            ]
            for (json, fragment) in cases {
                let reply = try await h.conexteo(.POST, "/messages/rcs", json)
                #expect(reply.status == 400, "\(json)")
                #expect(Self.messages(reply).contains { $0.contains(fragment) }, "\(Self.messages(reply))")
            }
            #expect(try await h.stored().isEmpty)
            let page = try await h.conexteo(.GET, "/messages")
            #expect((page.object["meta"] as? [String: Any])?["totalItems"] as? Int == 0)
        }
    }

    @Test("literal routes win over :id — replies and RCS templates are not read as ids")
    func literalRoutes() async throws {
        try await SandboxHarness.run { h async throws in
            let replies = try await h.conexteo(.GET, "/messages/replies")
            #expect(replies.status == 200)
            #expect(replies.object["items"] is [Any])
            let extract = try await h.conexteo(.GET, "/messages/replies/extract")
            #expect(extract.status == 200)
            #expect(extract.text == "[]")
            let rcs = try await h.conexteo(.GET, "/models/rcs")
            #expect(rcs.status == 200)
            #expect(rcs.text == "[]")
            #expect(try await h.conexteo(.GET, "/messages/sbx_missing").status == 404)
            #expect(try await h.conexteo(.GET, "/messages/replies", headers: []).status == 401)
        }
    }

    @Test("replies injected through /_sandbox/replies are Conexteo rows, newest first")
    func replyRows() async throws {
        try await SandboxHarness.run { h async throws in
            for body in ["Un", "Deux", "Trois"] {
                let injected = try await h.request(.POST, "/_sandbox/replies", json: #"{"from":"+33612345678","body":"\#(body)"}"#)
                #expect(injected.status == 201)
            }
            let page = try await h.conexteo(.GET, "/messages/replies?page=2&limit=2")
            let items = page.object["items"] as? [[String: Any]] ?? []
            #expect(items.map { $0["content"] as? String } == ["Un"])
            #expect(Set(items.first.map { Array($0.keys) } ?? []) == ["id", "recipient", "content", "sender", "message_id", "created_at"])
            #expect(items.first?["recipient"] as? String == "+33612345678")
            #expect(items.first?["sender"] as? String == "MOONWIRE")
            #expect(items.first?["message_id"] is NSNull)
            // UTC ISO 8601. (The control routes do not get the server's clock yet, so not the harness's date.)
            let created = try #require(items.first?["created_at"] as? String)
            #expect(created.hasSuffix("Z"))
            #expect((try? Date(created, strategy: .iso8601)) != nil)
            #expect((page.object["meta"] as? [String: Any])?["totalPages"] as? Int == 2)
            let all = Self.array(try await h.conexteo(.GET, "/messages/replies/extract"))
            #expect(all.map { $0["content"] as? String } == ["Trois", "Deux", "Un"])
            #expect(try await h.conexteo(.GET, "/messages/replies?limit=0").status == 400)
        }
    }

    @Test("templates: all fields required on create, 400 for a non-numeric id, 404 for a missing one")
    func templateErrors() async throws {
        try await SandboxHarness.run { h async throws in
            let empty = try await h.conexteo(.POST, "/models", "{}")
            #expect(empty.status == 400)
            #expect(Set(Self.messages(empty)) == ["name should not be empty", "content should not be empty", "sender should not be empty"])
            let created = try await h.conexteo(.POST, "/models", #"{"name":"A","content":"Hi","sender":"ACME"}"#)
            #expect(created.status == 201)
            #expect(Set(created.object.keys) == ["id", "name", "content", "sender"])
            let id = try #require(created.object["id"] as? Int)
            #expect(try await h.conexteo(.PUT, "/models/\(id)", "{}").status == 400)
            #expect(try await h.conexteo(.GET, "/models/abc").status == 400)
            let missing = try await h.conexteo(.GET, "/models/999")
            #expect(missing.status == 404)
            #expect(missing.object["statusCode"] as? Int == 404)
            #expect(try await h.conexteo(.DELETE, "/models/999").status == 404)
            let rcs = try await h.conexteo(.POST, "/models/rcs", #"{"name":"R","rcs_type":"text","text":"Hi","fallback_content":"Hi"}"#)
            #expect(rcs.status == 201)
            #expect(Set(rcs.object.keys) == [
                "id", "name", "rcs_type", "text", "card", "carousel", "shorturl", "fallback_content", "fallback_sender", "isModel",
            ])
            #expect(try await h.conexteo(.PUT, "/models/rcs/\(rcs.object["id"] as? Int ?? 0)", #"{"text":"x"}"#).status == 400)
        }
    }
}
