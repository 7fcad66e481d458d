import Foundation
import Engine
import LuaKit
import SandboxStore
import Storage
import StoreSQLite
import Testing

@Suite("sms.* and clock.* bindings on the sandbox")
struct SMSBindingTests {
    @Test("sms.send returns id, status and to, and the sandbox stores the message")
    func sendStores() async throws {
        let t = try TestHost()
        defer { t.cleanUp() }
        let results = try await t.run("""
            local m = assert(sms.send{ to = "+33612345678", body = "Bonjour ça va ?", from = "ACME" })
            return m.id, m.status, m.to, m.segments, m.encoding
            """)
        let id = try #require(results.first?.stringValue)
        #expect(id.hasPrefix("sbx_"))
        #expect(Array(results.dropFirst()) == [.text("accepted"), .text("+33612345678"), .integer(1), .text("UCS-2")])
        let stored = try await t.host.services.sandbox().sandboxMessages()
        #expect(stored.map(\.id) == [id])
        #expect(stored.first?.body == "Bonjour ça va ?")
        #expect(stored.first?.from == "ACME")
    }

    @Test("sandbox.reply answers the last message sent to that number, from its sender")
    func sandboxReplyLinks() async throws {
        let t = try TestHost()
        defer { t.cleanUp() }
        try await t.run("""
            local m = assert(sms.send{ to = "+33612345678", body = "Votre avis ?", from = "ACME" })
            sandbox.reply{ from = "+33612345678", body = "OUI" }
            sandbox.reply{ from = "+33612345679", body = "?" }
            """)
        let replies = try await t.host.services.sandbox().sandboxReplies()
        let sent = try await t.host.services.sandbox().sandboxMessages()
        #expect(replies.map(\.to) == ["ACME", "MOONWIRE"])
        #expect(replies.map(\.inReplyTo) == [sent.first?.id, nil])
    }

    @Test("a national number gives nil, err with code not_e164 and the E.164 form as a hint")
    func nationalNumber() async throws {
        let t = try TestHost()
        defer { t.cleanUp() }
        let results = try await t.run("""
            local m, err = sms.send{ to = "0612345678", body = "hi" }
            return m, err.code, err.message, err.retryable, tostring(err)
            """)
        #expect(results[0] == .nil)
        #expect(results[1] == .text("not_e164"))
        #expect(results[2].stringValue?.contains("+33612345678") == true)
        #expect(results[3] == .boolean(false))
        #expect(results[4].stringValue?.hasPrefix("not_e164: ") == true)
        #expect(try await t.host.services.sandbox().sandboxMessages().isEmpty)
    }

    @Test("letters, an empty body and a 5,000-character body each give nil, err; nothing is stored")
    func invalidSends() async throws {
        let t = try TestHost()
        defer { t.cleanUp() }
        let results = try await t.run("""
            local _, a = sms.send{ to = "+33abc", body = "hi" }
            local _, b = sms.send{ to = "+33612345678", body = "" }
            local _, c = sms.send{ to = "+33612345678", body = string.rep("x", 5000) }
            local _, d = sms.send{ to = "+33612345678", body = "hi", from = "WAY TOO LONG SENDER" }
            return a.code, b.code, c.code, c.message, d.code
            """)
        #expect(results[0] == .text("invalid_number"))
        #expect(results[1] == .text("empty_body"))
        #expect(results[2] == .text("body_too_long"))
        #expect(results[3].stringValue?.contains("5000") == true)
        #expect(results[4] == .text("invalid_sender"))
        #expect(try await t.host.services.sandbox().sandboxMessages().isEmpty)
    }

    @Test("the same external_id twice stores one message and says already_processed")
    func externalIDDedup() async throws {
        let t = try TestHost()
        defer { t.cleanUp() }
        let results = try await t.run("""
            local a = assert(sms.send{ to = "+33612345678", body = "one", external_id = "order-42" })
            local b = assert(sms.send{ to = "+33612345678", body = "one", external_id = "order-42" })
            return a.id == b.id, a.already_processed, b.already_processed, b.external_id
            """)
        #expect(results == [.boolean(true), .nil, .boolean(true), .text("order-42")])
        #expect(try await t.host.services.sandbox().sandboxMessages().count == 1)
    }

    @Test("sms.bulk with a 128-byte external_id sends to every number, each once, under distinct keys of at most 128 bytes")
    func bulkLongExternalID() async throws {
        let t = try TestHost()
        defer { t.cleanUp() }
        let results = try await t.run("""
            local spec = { to = {"+33612345670", "+33612345671", "+33612345672"}, body = "Code 42", class = "transactional",
                           external_id = string.rep("é", 63) .. "xy" }
            local first = assert(sms.bulk(spec))
            local again = assert(sms.bulk(spec))
            local keys, longest, all_again = {}, 0, true
            for i, m in ipairs(first.messages) do
                keys[m.external_id] = true
                longest = math.max(longest, #m.external_id)
                all_again = all_again and again.messages[i].already_processed == true
                    and again.messages[i].external_id == m.external_id
            end
            local distinct = 0
            for _ in pairs(keys) do distinct = distinct + 1 end
            local _, bad = sms.bulk{ to = {"+33612345670"}, body = "Promo", external_id = "a\\nb" }
            return #spec.external_id, first.sent, first.failed, distinct, longest <= 128, all_again, bad.code
            """)
        #expect(results == [.integer(128), .integer(3), .integer(0), .integer(3), .boolean(true), .boolean(true), .text("invalid_external_id")])
        #expect(try await t.host.services.sandbox().sandboxMessages().count == 3)
    }

    @Test("misuse raises a Lua error naming the field; pcall catches it")
    func misuse() async throws {
        let t = try TestHost()
        defer { t.cleanUp() }
        let results = try await t.run("""
            local ok1, e1 = pcall(sms.send, { to = "+33612345678", text = "hi" })
            local ok2, e2 = pcall(sms.send, { to = 33612345678, body = "hi" })
            local ok3, e3 = pcall(sms.send, "+33612345678")
            local ok4, e4 = pcall(sms.send, { body = "hi" })
            return ok1, e1, ok2, e2, ok3, e3, ok4, e4
            """)
        #expect(results[0] == .boolean(false))
        #expect(results[1].stringValue?.contains("unknown field 'text' (did you mean 'body'?)") == true)
        #expect(results[3].stringValue?.contains("field 'to' must be a string") == true)
        #expect(results[5].stringValue?.contains("table expected, got string") == true)
        #expect(results[7].stringValue?.contains("field 'to' is missing") == true)
        #expect([results[2], results[4], results[6]] == [.boolean(false), .boolean(false), .boolean(false)])
    }

    @Test("sms.send works inside pcall and inside a user coroutine")
    func sendFromNestedContexts() async throws {
        let t = try TestHost()
        defer { t.cleanUp() }
        let results = try await t.run("""
            local ok, m = pcall(sms.send, { to = "+33612345678", body = "from pcall" })
            local co = coroutine.wrap(function()
              local m2 = sms.send{ to = "+33612345679", body = "from a coroutine" }
              coroutine.yield(m2.to)
              return "done"
            end)
            return ok, m.status, co(), co()
            """)
        #expect(results == [.boolean(true), .text("accepted"), .text("+33612345679"), .text("done")])
        #expect(try await t.host.services.sandbox().sandboxMessages().count == 2)
    }

    @Test("sms.normalize and sms.segments")
    func normalizeAndSegments() async throws {
        let t = try TestHost()
        defer { t.cleanUp() }
        let results = try await t.run("""
            local s = sms.segments("Bonjour ça va ?")
            local g = sms.segments(string.rep("a", 161))
            local smart = sms.segments("“Hi”", { smart = true })
            local n, err = sms.normalize("abc")
            return sms.normalize("06.12.34.56.78"), sms.normalize("0412345678", "AU"), n, err.code,
                   s.encoding, s.segments, s.characters, s.non_gsm[1], g.segments, #g.parts,
                   smart.encoding, smart.text, smart.replacements[1].original
            """)
        #expect(results == [
            .text("+33612345678"), .text("+61412345678"), .nil, .text("invalid_number"),
            .text("UCS-2"), .integer(1), .integer(15), .text("ç"), .integer(2), .integer(2),
            .text("GSM-7"), .text("\"Hi\""), .text("“"),
        ])
    }

    @Test("clock.now is the current Unix time in seconds")
    func clockNow() async throws {
        // Before the host: the sandbox's virtual clock starts at the host's creation and stands
        // still, and creating a host can take over a second on a loaded machine.
        let before = Date().timeIntervalSince1970
        let t = try TestHost()
        defer { t.cleanUp() }
        let results = try await t.run("return clock.now(), os.time()")
        let now = try #require(results[0].numberValue)
        #expect(now >= before - 1 && now <= Date().timeIntervalSince1970 + 1)
    }

    @Test("arguments reach the script as ... and arg, with arg[0] the path")
    func arguments() async throws {
        let t = try TestHost()
        defer { t.cleanUp() }
        let results = try await t.run("local a, b = ...; return a, b, arg[1], #arg, arg[0]:match('args.lua$') ~= nil",
                                      name: "args.lua", arguments: ["x", "y"])
        #expect(results == [.text("x"), .text("y"), .text("x"), .integer(2), .boolean(true)])
    }

    @Test("an unknown MOONWIRE_PROVIDER is refused with the list of providers")
    func unknownProvider() throws {
        let error = #expect(throws: EngineError.self) {
            try ScriptHost(configuration: EngineConfiguration(databasePath: ":memory:", provider: "twilio"))
        }
        #expect(error?.code == "unknown_provider")
        #expect(error?.message.contains("sandbox, conexteo or conerix") == true)
    }
}
