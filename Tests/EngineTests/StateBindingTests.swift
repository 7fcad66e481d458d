import Engine
import Foundation
import LuaKit
import SMSCore
import SandboxStore
import Storage
import Testing

/// Lua's `state`: a plugin's durable keys, and the journaled `flow:state_*` inside flows.
@Suite("state: durable keys per plugin, expiring on the engine's clock, journaled in flows")
struct StateBindingTests {
    static let phone = "+33612345678"

    @Test("set keeps JSON's values (integers stay integers), incr counts, delete and keys answer what is there")
    func roundTrip() async throws {
        let host = try TestHost()
        defer { host.cleanUp() }
        let results = try await host.run(
            """
            assert(state.set("order:1234", { status = "shipped", items = { 3, 4.5, "x" }, paid = true }))
            local o = state.get("order:1234")
            assert(math.type(o.items[1]) == "integer" and math.type(o.items[2]) == "float")
            local a = state.incr("visits")
            local b = state.incr("visits", 41)
            local c = state.incr("visits", -2, { ttl = "1d" })
            assert(state.set("order:99", "pending"))
            local keys = state.keys("order:")
            local deleted, again = state.delete("order:99"), state.delete("order:99")
            return o.status, o.paid, a, b, c, table.concat(keys, ","), deleted, again, state.get("order:99"), #state.keys()
            """)
        #expect(results == [.text("shipped"), .boolean(true), .integer(1), .integer(42), .integer(40), .text("order:1234,order:99"),
                            .boolean(true), .boolean(false), .nil, .integer(2)])
    }

    @Test("values JSON cannot carry and counters that are not integers are nil, err; misuse raises naming the argument")
    func errors() async throws {
        let host = try TestHost()
        defer { host.cleanUp() }
        let results = try await host.run(
            """
            local function code(ok, err) return ok == nil and err.code .. ": " .. err.message or tostring(ok) end
            local t = {} t.self = t
            local r = {}
            r[#r+1] = code(state.set("f", print))
            r[#r+1] = code(state.set("cycle", t))
            r[#r+1] = code(state.set("big", string.rep("x", 70000)))
            assert(state.set("word", "oui"))
            r[#r+1] = code(state.incr("word"))
            for _, bad in ipairs({ function() state.set("k") end, function() state.incr("k", 1.5) end,
                                   function() state.get(("k"):rep(300)) end, function() state.set("k", 1, { ttl = "soon" }) end,
                                   function() state.set("k", 1, { expire = "1d" }) end }) do
              local ok, err = pcall(bad)
              r[#r+1] = tostring(err)
            end
            return table.unpack(r)
            """)
        let texts = results.map { $0.stringValue ?? "\($0)" }
        #expect(texts.count == 9)
        #expect(texts[0].hasPrefix("unsupported_type: a function cannot be written as JSON"))
        #expect(texts[1].hasPrefix("cycle:"))
        #expect(texts[2].hasPrefix("too_large: the value for \"big\" is 70002 bytes"))
        #expect(texts[3].hasPrefix("refused: state key word holds \"oui\", not an integer"))
        #expect(texts[4].contains("bad argument #2 to 'state.set' (a value expected; to remove a key, call state.delete(\"k\"))"))
        #expect(texts[5].contains("bad argument #2 to 'state.incr'") && texts[5].contains("float"))
        #expect(texts[6].contains("bad argument #1 to 'state.get' (the key is 300 bytes; at most 200)"))
        #expect(texts[7].contains("bad argument #3 to 'state.set'"))
        #expect(texts[8].contains("unknown option 'expire'; state.set takes ttl"))
    }

    @Test("plugins cannot see each other's keys; state.* raises inside a flow, naming flow:state_*")
    func perPluginAndFlows() async throws {
        let h = try await FlowHarness(plugins: [
            "a.lua": """
                flows.define("writer", function(flow)
                  flow:state_set("shared", "from a")
                  flow:send("a reads " .. tostring(flow:state_get("shared")))
                  local ok, err = pcall(state.get, "shared")
                  flow:send(tostring(err):match("state%.get cannot be used inside a flow.-use flow:state_get") and "raised" or tostring(err))
                end)
                """,
            "b.lua": """
                flows.define("reader", function(flow)
                  flow:send("b reads " .. tostring(flow:state_get("shared")))
                end)
                """,
        ])
        defer { h.cleanUp() }
        try await h.start("writer", Self.phone)
        try await h.start("reader", "+33612345679")
        #expect(try await h.sent(to: Self.phone).map(\.body) == ["a reads from a", "raised"])
        #expect(try await h.sent(to: "+33612345679").map(\.body) == ["b reads nil"])
        #expect(try await h.store.stateValue(plugin: "a.lua", key: "shared", now: h.host.clock.now()) == #""from a""#)
    }

    @Test("a TTL expires on the virtual clock; a flow's increment is replayed from its journal, not applied again")
    func ttlAndReplay() async throws {
        let h = try await FlowHarness(plugins: [
            "a.lua": """
                flows.define("count", function(flow)
                  local n = flow:state_incr("runs", 1, { ttl = "1h" })
                  flow:state_set("note", { n = n }, { ttl = "1h" })
                  flow:sleep("2h")
                  flow:send("n=" .. n .. " note=" .. tostring(flow:state_get("note")) .. " runs=" .. tostring(flow:state_get("runs")))
                  flow:send("incr again=" .. flow:state_incr("runs"))
                end)
                """
        ])
        defer { h.cleanUp() }
        let id = try FlowHarness.id(try await h.start("count", Self.phone))
        let before = h.host.clock.now()
        #expect(try await h.store.stateValue(plugin: "a.lua", key: "runs", now: before) == "1")
        try await h.advance("3h")
        #expect(try await h.sent(to: Self.phone).map(\.body) == ["n=1 note=nil runs=nil", "incr again=1"])
        #expect(try await h.run(id).status == .completed)
        let journal = try await h.store.flowJournal(runID: id)
        #expect(journal.map(\.kind).filter { $0 != .send && $0 != .sleep } == [.stateIncr, .stateSet, .stateGet, .stateGet, .stateIncr])
    }

    @Test("100 handlers incrementing one key at once lose no increment")
    func concurrentHandlers() async throws {
        let h = try await FlowHarness(plugins: [
            "count.lua": #"on.keyword("INFO", function(r) assert(state.incr("info:" .. os.date("!%Y-%m-%d", math.floor(clock.now())), 1, { ttl = "2d" })) end)"#
        ])
        defer { h.cleanUp() }
        let sandbox = try h.host.services.sandbox()
        for i in 0..<100 {
            _ = try await sandbox.insertSandboxReply(
                SandboxReply(id: SandboxReply.makeID(), from: String(format: "+336120000%02d", i), to: "MOONWIRE", body: "info", receivedAt: h.host.clock.now()))
        }
        await h.daemon.routeWaiting()
        #expect(try await h.store.inboundCounts().handled == 100)
        #expect(try await h.store.stateKeys(plugin: "count.lua", prefix: "info:", limit: 10, now: h.host.clock.now()) == ["info:2026-11-23"])
        #expect(try await h.store.stateValue(plugin: "count.lua", key: "info:2026-11-23", now: h.host.clock.now()) == "100")
    }
}
