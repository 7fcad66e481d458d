import AsyncHTTPClient
import Foundation
import NIOCore
import SandboxStore
import Storage
import StoreSQLite
import Testing

/// Issue 24 §3: text with a NUL character is refused whole, with a clear error, before anything
/// is queued or stored (SQLite text ends at a NUL: stored, it would be cut). Never cut.
@Suite("NUL characters: refused whole, never stored cut", .serialized, .processSlot)
struct NulCharacterTests {
    @Test("sms.send and sms.bulk refuse a body with NUL bytes with nul_character, and nothing is sent")
    func outbound() async throws {
        let p = try MoonwireProcess()
        defer { p.cleanUp() }
        let script = try p.script("nul.lua", #"""
            local m, err = sms.send{ to = "+33612345678", body = "a\0b\0c" }
            print("send", m, err.code, err.message)
            local r, berr = sms.bulk{ to = { "+33612345678" }, body = "x\0y", class = "transactional" }
            print("bulk", r, berr.code)
            """#)
        let r = try await p.run(["run", script])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(r.stdout.contains("send\tnil\tnul_character\tthe message body holds a NUL character (\\0) at character 2"), "\(r.stdout)")
        #expect(r.stdout.contains("bulk\tnil\tnul_character"), "\(r.stdout)")
        #expect(try await p.store().sandbox().sandboxMessages().isEmpty)
    }

    @Test("a Conexteo webhook whose content holds \\u0000 is refused whole; the rest of its batch is kept")
    func inboundWebhook() async throws {
        let p = try MoonwireProcess()
        defer { p.cleanUp() }
        let serve = try await ServeProcess(
            p, arguments: ["--plugins", try HTTPProbe.noPlugins(p), "--http", "0"], environment: ["CONEXTEO_WEBHOOK_TOKEN": "s3cret"],
            ready: "webhooks on")
        defer { serve.stop() }
        let url = "http://127.0.0.1:\(try HTTPProbe.port(of: serve))/webhooks/conexteo?token=s3cret"
        let alone = try await HTTPProbe.post(url, body: #"{"data":[{"id":"r-nul","content":"a\u0000b","from":"+33612345678"}]}"#)
        #expect(alone.status == 400, "\(alone.body)")
        #expect(alone.body.contains("NUL character") && alone.body.contains("at character 2"), "\(alone.body)")
        let mixed = try await HTTPProbe.post(
            url,
            body: #"{"data":[{"id":"r-ok","content":"bonjour","from":"+33612345679"},{"id":"r-nul2","content":"x\u0000","from":"+33612345678"}]}"#)
        #expect(mixed.status == 200 && mixed.body.contains(#""stored":1"#) && mixed.body.contains("NUL character"), "\(mixed.body)")
        let inbound = try await p.store().recentInbound()
        #expect(inbound.map(\.body) == ["bonjour"], "stored: \(inbound.map(\.body))")
    }

    @Test("sandbox.reply refuses a body with a NUL byte")
    func sandboxReply() async throws {
        let p = try MoonwireProcess()
        defer { p.cleanUp() }
        let script = try p.script("reply.lua", #"""
            print(pcall(sandbox.reply, { from = "+33612345678", body = "oui\0non" }))
            """#)
        let r = try await p.run(["run", script])
        #expect(r.stdout.contains("false") && r.stdout.contains("holds a NUL character"), "\(r.stdout) \(r.stderr)")
        #expect(try await p.store().sandbox().sandboxReplies().isEmpty)
    }
}
