import Engine
import Foundation
import LuaKit
import Providers
import SMSCore
import SandboxStore
import Storage
import Synchronization
import Testing
import TestSupport

/// Lua's `http` against a real server on loopback, and `flow:http` as a journaled, retried step.
@Suite("http: calls out of scripts, checked addresses, bounded answers; flow:http journaled and retried")
struct HTTPBindingTests {
    static let phone = "+33612345678"

    /// Resolves the names it knows to the addresses given, as a DNS server would.
    struct FixedResolver: HostResolver {
        var names: [String: String]
        func addresses(of host: String) async throws(OutboundHTTPError) -> [IPAddress] {
            guard let address = names[host].flatMap(IPAddress.init) else {
                throw OutboundHTTPError(.unknownHost, "\(host) does not resolve")
            }
            return [address]
        }
    }

    /// A DNS server that takes 30 s to say it knows nothing.
    struct StuckResolver: HostResolver {
        func addresses(of host: String) async throws(OutboundHTTPError) -> [IPAddress] {
            try? await Task.sleep(for: .seconds(30))
            throw OutboundHTTPError(.unknownHost, "\(host) does not resolve (after 30 s)")
        }
    }

    static func allowing(_ list: String) -> (inout EngineConfiguration) -> Void {
        { configuration in configuration.httpAllow = try! AddressPolicy(allowList: list) }
    }

    @Test("GET and POST carry JSON both ways; headers, methods and bodies arrive as given")
    func jsonBothWays() async throws {
        let server = try await LoopbackHTTPServer.start()
        let logs = LogRecorder()
        let host = try TestHost { configuration in
            Self.allowing("127.0.0.1:\(server.port)")(&configuration)
            configuration.logger = logs.logger()  // at trace, as --verbose and more
        }
        defer { host.cleanUp() }
        let results = try await host.run(
            """
            local base = ...
            local r = assert(http.get(base .. "/order/1234"))
            local p = assert(http.post(base .. "/echo", { lead = "Marie", score = 3 }, { headers = { ["X-Source"] = "moonwire" } }))
            local q = assert(http.request{ method = "put", url = base .. "/echo?token=s3cret", body = "plain",
                                           headers = { Authorization = "Bearer abc" }, timeout = 5 })
            return r.status, r.json.status, r.json.id, math.type(r.json.items[1]), r.json.note, r.headers["content-type"],
                   p.json.body, p.json.headers["content-type"], p.json.headers["x-source"], p.json.method,
                   q.json.method, q.json.body, q.json.query, q.json.headers["authorization"], r.url == base .. "/order/1234",
                   coroutine.wrap(function() return assert(http.get(base .. "/order/7")).json.id end)()
            """, arguments: [server.base])
        await server.stop()
        #expect(results == [
            .integer(200), .text("shipped"), .text("1234"), .text("integer"), .nil, .text("application/json"),
            .text(#"{"lead":"Marie","score":3}"#), .text("application/json"), .text("moonwire"), .text("POST"),
            .text("PUT"), .text("plain"), .text("token=s3cret"), .text("Bearer abc"), .boolean(true), .text("7"),
        ])
        #expect(server.seen.map(\.method) == ["GET", "POST", "PUT", "GET"])
        // Every call is logged, with the query's values and the credentials hidden.
        let logged = logs.recorded.joined(separator: "\n")
        #expect(logged.contains("http PUT \(server.base)/echo?token=[REDACTED] -> 200"), "\(logged)")
        #expect(!logged.contains("s3cret") && !logged.contains("Bearer abc"), "\(logged)")
    }

    @Test("an answer past the cap is too_large, read no further than the cap; one under it arrives whole")
    func tooLarge() async throws {
        let server = try await LoopbackHTTPServer.start()
        let host = try TestHost(configure: Self.allowing("127.0.0.1:\(server.port)"))
        defer { host.cleanUp() }
        let results = try await host.run(
            """
            local base = ...
            local big, err = http.get(base .. "/big?bytes=10485760")
            local fine = assert(http.get(base .. "/big?bytes=524288"))
            local capped, err2 = http.get(base .. "/big?bytes=2000", { max_bytes = 1000 })
            return big, err.code, err.retryable, #fine.body, capped, err2.code, err.message
            """, arguments: [server.base])
        await server.stop()
        #expect(Array(results.prefix(6)) == [.nil, .text("too_large"), .boolean(false), .integer(524_288), .nil, .text("too_large")])
        #expect(results.last?.stringValue?.contains("more than 1048576 bytes") == true, "\(results)")
    }

    @Test("while one call waits on a slow service, other calls are made and answered; a server that never answers gives timeout, not before the timeout")
    func othersGoOnWhileOneWaits() async throws {
        let server = try await LoopbackHTTPServer.start()
        let host = try TestHost(configure: Self.allowing("127.0.0.1:\(server.port)"))
        defer { host.cleanUp() }
        // A call the server holds until the test lets it go: no load can end it early.
        let heldEnded = Mutex<Bool>(false)
        let held = Task {
            defer { heldEnded.withLock { $0 = true } }
            return try await host.run(
                "return assert(http.get((...) .. \"/hold?key=crm\", { timeout = 60 })).json.held", name: "held.lua", arguments: [server.base])
        }
        while !server.seen.contains(where: { $0.path == "/hold" }) { try await Task.sleep(for: .milliseconds(10)) }
        for i in 1...10 {
            let other = try await host.run("return assert(http.get((...) .. \"/order/\(i)\")).json.id", name: "other\(i).lua", arguments: [server.base])
            #expect(other == [.text("\(i)")])
        }
        #expect(!heldEnded.withLock { $0 }, "the held call ended before it was released")
        server.release("crm")
        #expect(try await held.value == [.text("crm")])

        let started = ContinuousClock.now
        let results = try await host.run(
            """
            local r, err = http.get((...) .. "/never", { timeout = 1.5 })
            -- A POST whose answer is lost may have been acted on: retryable only with a key.
            local _, post = http.post((...) .. "/never", { lead = 1 }, { timeout = 1 })
            local _, keyed = http.post((...) .. "/never", { lead = 1 }, { timeout = 1, headers = { ["Idempotency-Key"] = "lead-1" } })
            return r, err.code, err.retryable, post.code, post.retryable, keyed.retryable
            """, name: "stuck.lua", arguments: [server.base])
        let elapsed = ContinuousClock.now - started
        await server.stop()
        #expect(results == [.nil, .text("timeout"), .boolean(true), .text("timeout"), .boolean(false), .boolean(true)])
        #expect(elapsed >= .milliseconds(1490), "timed out before its timeout (\(elapsed))")
    }

    @Test("a redirect is checked again: to 127.0.0.1 from an allowed host it is refused unless 127.0.0.1 is allowed too")
    func redirectsAreChecked() async throws {
        let server = try await LoopbackHTTPServer.start()
        let script = """
            local port = ...
            local r, err = http.get("http://localhost:" .. port .. "/redirect?to=http://127.0.0.1:" .. port .. "/order/9")
            if r then return r.status, r.json.id, r.url end
            return nil, err.code, err.message
            """
        let refused = try TestHost(configure: Self.allowing("localhost:\(server.port)"))
        defer { refused.cleanUp() }
        let blocked = try await refused.run(script, arguments: ["\(server.port)"])
        #expect(Array(blocked.prefix(2)) == [.nil, .text("blocked_address")])
        #expect(blocked.last?.stringValue?.contains("MOONWIRE_HTTP_ALLOW=127.0.0.1:\(server.port)") == true, "\(blocked)")
        #expect(server.seen.map(\.path) == ["/redirect"], "the redirect's target was called")

        let allowed = try TestHost(configure: Self.allowing("localhost:\(server.port), 127.0.0.1:\(server.port)"))
        defer { allowed.cleanUp() }
        let followed = try await allowed.run(script, arguments: ["\(server.port)"])
        await server.stop()
        #expect(followed == [.integer(200), .text("9"), .text("http://127.0.0.1:\(server.port)/order/9")])
    }

    @Test("credentials (Authorization, X-Api-Key, Cookie) follow a redirect to the same origin, never to another one")
    func redirectsDropCredentialsAcrossOrigins() async throws {
        let server = try await LoopbackHTTPServer.start()
        let host = try TestHost(configure: Self.allowing("localhost:\(server.port), 127.0.0.1:\(server.port)"))
        defer { host.cleanUp() }
        let results = try await host.run(
            """
            local port = ...
            local secrets = { headers = { Authorization = "Bearer abc", ["X-Api-Key"] = "k1", Cookie = "s=1", ["X-Trace"] = "t" } }
            local function seen(from, to)
              local r = assert(http.get("http://" .. from .. ":" .. port .. "/redirect?to=http://" .. to .. ":" .. port .. "/echo", secrets))
              local h = r.json.headers
              return tostring(h["authorization"]) .. " " .. tostring(h["x-api-key"]) .. " " .. tostring(h["cookie"]) .. " " .. h["x-trace"]
            end
            return seen("127.0.0.1", "127.0.0.1"), seen("localhost", "127.0.0.1")
            """, arguments: ["\(server.port)"])
        await server.stop()
        #expect(results == [.text("Bearer abc k1 s=1 t"), .text("nil nil nil t")])
    }

    @Test("the timeout covers looking the name up: a resolver that hangs gives timeout, not its own late answer")
    func timeoutCoversTheLookup() async throws {
        let host = try TestHost { configuration in configuration.hostResolver = StuckResolver() }
        defer { host.cleanUp() }
        let results = try await host.run(
            """
            local r, err = http.get("http://crm.example.net/leads", { timeout = 1 })
            return r, err.code
            """)
        #expect(results == [.nil, .text("timeout")])
    }

    @Test("metadata, loopback, private addresses and names resolving to them are refused by default, before any connection")
    func privateAddressesRefused() async throws {
        let server = try await LoopbackHTTPServer.start()
        let host = try TestHost { configuration in
            configuration.hostResolver = FixedResolver(names: ["crm.example.net": "10.0.0.1", "shop.example.net": "93.184.216.34"])
        }
        defer { host.cleanUp() }
        let results = try await host.run(
            """
            local base = ...
            local out = {}
            for _, url in ipairs({ "http://169.254.169.254/latest/meta-data/", "http://[::1]/", "http://crm.example.net/leads",
                                   base .. "/order/1", "http://[::ffff:10.1.2.3]/", "ftp://files.example.net/a", "not a url",
                                   "http://nowhere.example.net/" }) do
              local r, err = http.get(url, { timeout = 2 })
              out[#out + 1] = err and (err.code .. ": " .. err.message) or ("answered " .. r.status)
            end
            return table.unpack(out)
            """, arguments: [server.base])
        await server.stop()
        let texts = results.map { $0.stringValue ?? "\($0)" }
        #expect(texts.count == 8)
        #expect(texts[0].hasPrefix("blocked_address: 169.254.169.254 is a link-local (cloud metadata) address"), "\(texts[0])")
        #expect(texts[1].hasPrefix("blocked_address: ::1 is a loopback address"), "\(texts[1])")
        #expect(texts[2].hasPrefix("blocked_address: crm.example.net resolves to 10.0.0.1, which is a private address"), "\(texts[2])")
        #expect(texts[2].contains("MOONWIRE_HTTP_ALLOW=crm.example.net:80"), "\(texts[2])")
        #expect(texts[3].hasPrefix("blocked_address: 127.0.0.1 is a loopback address"), "\(texts[3])")
        #expect(texts[4].hasPrefix("blocked_address:"), "\(texts[4])")
        #expect(texts[5].hasPrefix("bad_url:") && texts[5].contains("not ftp"), "\(texts[5])")
        #expect(texts[6].hasPrefix("bad_url:"), "\(texts[6])")
        #expect(texts[7].hasPrefix("unknown_host: nowhere.example.net"), "\(texts[7])")
        #expect(server.seen.isEmpty, "a refused call reached the server: \(server.seen)")
    }

    @Test("misuse raises naming the argument; http.* inside a flow raises naming flow:http")
    func misuse() async throws {
        let host = try TestHost()
        defer { host.cleanUp() }
        let results = try await host.run(
            """
            local out = {}
            for _, bad in ipairs({ function() http.request{ method = "GET" } end,
                                   function() http.request{ url = "http://x.example", method = "BREW" } end,
                                   function() http.get(42) end,
                                   function() http.get("http://x.example", { timeout = 120 }) end,
                                   function() http.request{ url = "http://x.example", body = "a", json = {} } end,
                                   function() http.get("http://x.example", { headers = { Host = "evil" } }) end,
                                   function() http.get("http://x.example", { headers = { ["X-A"] = "a\\r\\nX-B: b" } }) end,
                                   function() http.get("http://x.example", { retries = 2 }) end }) do
              local ok, err = pcall(bad)
              out[#out + 1] = tostring(err)
            end
            return table.unpack(out)
            """)
        let texts = results.map { $0.stringValue ?? "\($0)" }
        #expect(texts.count == 8)
        #expect(texts[0].contains("option 'url' expected"), "\(texts[0])")
        #expect(texts[1].contains("option 'method' must be one of"), "\(texts[1])")
        #expect(texts[2].contains("a URL string expected"), "\(texts[2])")
        #expect(texts[3].contains("at most 60 seconds"), "\(texts[3])")
        #expect(texts[4].contains("not both"), "\(texts[4])")
        #expect(texts[5].contains("header Host is set by Moonwire"), "\(texts[5])")
        #expect(texts[6].contains("line break"), "\(texts[6])")
        #expect(texts[7].contains("unknown option 'retries'"), "\(texts[7])")

        let h = try await FlowHarness(plugins: [
            "a.lua": #"flows.define("direct", function(flow) http.get("http://x.example/") end)"#
        ])
        defer { h.cleanUp() }
        let id = try FlowHarness.id(try await h.start("direct", Self.phone))
        let run = try await h.run(id)
        #expect(run.status == .failed)
        #expect(run.error?.contains("use flow:http{...}") == true, "\(run.error ?? "")")
    }

    @Test("flow:http: a 503 then a 200 is one journaled success, both tries with one Idempotency-Key; a replay does not call again")
    func flowHTTPRetriesThenReplays() async throws {
        let server = try await LoopbackHTTPServer.start()
        let h = try await FlowHarness(
            plugins: [
                "crm.lua": """
                    flows.define("lead", function(flow)
                      local r = assert(flow:http{ method = "POST", url = "\(server.base)/flaky?key=lead&fail=1", json = { phone = flow.phone } })
                      flow:sleep("1d")
                      flow:send("attempt " .. r.json.attempt .. ", status " .. r.status)
                    end)
                    """
            ], configure: Self.allowing("127.0.0.1:\(server.port)"))
        defer { h.cleanUp() }
        let id = try FlowHarness.id(try await h.start("lead", Self.phone))
        #expect(try await h.run(id).status == .sleeping)
        let calls = server.seen.filter { $0.path == "/flaky" }
        #expect(calls.count == 2)
        #expect(calls.map(\.idempotencyKey) == ["flow-\(id)-1", "flow-\(id)-1"])
        #expect(calls.first?.body == #"{"phone":"+33612345678"}"#)
        let journal = try await h.store.flowJournal(runID: id)
        #expect(journal.filter { $0.kind == .http }.count == 1)
        #expect(journal.first { $0.kind == .http }?.result?.contains(#""status":200"#) == true)

        try await h.advance("1d")
        await server.stop()
        #expect(try await h.sent(to: Self.phone).map(\.body) == ["attempt 2, status 200"])
        #expect(try await h.run(id).status == .completed)
        #expect(server.seen.filter { $0.path == "/flaky" }.count == 2, "the replay called again")
    }

    @Test("flow:http: a 5xx after the last try is the answer; no answer after the last try is nil, err; both replay as journaled")
    func flowHTTPGivesUp() async throws {
        let server = try await LoopbackHTTPServer.start()
        let closed = try FreePort.take()
        let h = try await FlowHarness(
            plugins: [
                "crm.lua": """
                    flows.define("lead", function(flow)
                      local r = flow:http{ url = "\(server.base)/flaky?key=down&fail=99", retries = 1 }
                      local none, err = flow:http{ url = "http://127.0.0.1:\(closed)/leads", retries = 1 }
                      flow:sleep("1h")
                      flow:send("status " .. r.status .. ", then " .. tostring(none) .. " " .. err.code)
                    end)
                    """
            ], configure: Self.allowing("127.0.0.1"))
        defer { h.cleanUp() }
        let id = try FlowHarness.id(try await h.start("lead", Self.phone))
        try await h.advance("1h")
        await server.stop()
        #expect(try await h.sent(to: Self.phone).map(\.body) == ["status 503, then nil refused"])
        #expect(server.seen.filter { $0.path == "/flaky" }.count == 2, "retries = 1 is two tries")
        #expect(try await h.run(id).status == .completed)
        let journal = try await h.store.flowJournal(runID: id).filter { $0.kind == .http }
        #expect(journal.map(\.args) == ["GET \(server.base)/flaky?key=[REDACTED]&fail=[REDACTED]", "GET http://127.0.0.1:\(closed)/leads"])
        #expect(journal.last?.result?.contains("refused") == true)
    }

    @Test("1,000 handlers awaiting a slow answer at once all wait together, none queued behind another")
    func thousandHandlersAtOnce() async throws {
        let server = try await LoopbackHTTPServer.start()
        let h = try await FlowHarness(
            plugins: [
                "slow.lua": """
                    on.keyword("SUIVI", function(r)
                      local answer = assert(http.get("\(server.base)/slow?ms=1000&gather=1000", { timeout = 60 }))
                      assert(state.incr(answer.json.ok and "answered" or "wrong"))
                    end)
                    """
            ],
            configure: { configuration in
                configuration.httpAllow = try! AddressPolicy(allowList: "127.0.0.1:\(server.port)")
                configuration.concurrency = 1000
            })
        defer { h.cleanUp() }
        let sandbox = try h.host.services.sandbox()
        for i in 0..<1000 {
            _ = try await sandbox.insertSandboxReply(
                SandboxReply(id: SandboxReply.makeID(), from: String(format: "+33612%06d", i), to: "MOONWIRE", body: "suivi 1234", receivedAt: h.host.clock.now()))
        }
        let started = ContinuousClock.now
        await h.daemon.routeWaiting()
        let elapsed = ContinuousClock.now - started
        await server.stop()
        #expect(try await h.store.inboundCounts().handled == 1000)
        #expect(try await h.store.stateValue(plugin: "slow.lua", key: "answered", now: h.host.clock.now()) == "1000")
        #expect(server.peakWaiting == 1000, "only \(server.peakWaiting) calls waited at once (1,000 handlers took \(elapsed))")
    }
}
