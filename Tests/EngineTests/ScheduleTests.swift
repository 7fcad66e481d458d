import Engine
import Foundation
import LuaKit
import SMSCore
import SandboxStore
import Storage
import StoreSQLite
import Testing

@Suite("schedules on the virtual clock: cron in a zone across DST, one-shots, fires missed while down")
struct ScheduleTests {
    static let phone = "+33600000001"

    static func daily(_ cron: String, name: String = "daily", missed: String = "run") -> String {
        """
        schedule.every("\(cron)", function(s)
          assert(sms.send{to = "\(phone)", body = s.name .. " " .. os.date("!%Y-%m-%dT%H:%M:%SZ", math.floor(s.at))})
        end, {tz = "Europe/Paris", name = "\(name)", missed = "\(missed)"})
        """
    }

    func sentTimes(_ h: FlowHarness) async throws -> [Date] {
        try await h.sent(to: Self.phone).map(\.createdAt)
    }

    @Test("09:00 Paris every day fires at 07:00 UTC before the October DST change and 08:00 UTC after, once a day")
    func autumn() async throws {
        let h = try await FlowHarness(plugins: ["a.lua": Self.daily("0 9 * * *")], start: "2026-10-23T12:00:00+02:00")
        defer { h.cleanUp() }
        try await h.advance("4d")
        #expect(
            try await sentTimes(h) == [
                "2026-10-24T07:00:00Z", "2026-10-25T08:00:00Z", "2026-10-26T08:00:00Z", "2026-10-27T08:00:00Z",
            ].map(FlowHarness.at))
        #expect(try await h.sent(to: Self.phone).first?.body == "daily 2026-10-24T07:00:00Z")
    }

    @Test("02:30 Paris, a time that does not exist on 29 March 2026, fires once at 03:00 CEST that day")
    func spring() async throws {
        let h = try await FlowHarness(plugins: ["a.lua": Self.daily("30 2 * * *")], start: "2026-03-27T12:00:00+01:00")
        defer { h.cleanUp() }
        try await h.advance("4d")
        #expect(
            try await sentTimes(h) == [
                "2026-03-28T01:30:00Z", "2026-03-29T01:00:00Z", "2026-03-30T00:30:00Z", "2026-03-31T00:30:00Z",
            ].map(FlowHarness.at))
    }

    @Test("fires missed while Moonwire was down run once at start, then the schedule goes on; missed = skip runs none")
    func missedAtStart() async throws {
        let plugins = ["a.lua": Self.daily("0 9 * * *", name: "run") + "\n" + Self.daily("0 9 * * *", name: "skip", missed: "skip")]
        let h = try await FlowHarness(plugins: plugins, start: "2026-11-23T08:00:00+01:00")
        defer { h.cleanUp() }
        // Down for three days: the clock jumps without firing anything.
        try await #require(h.host.clock as? VirtualClock).reset(to: FlowHarness.at("2026-11-26T12:00:00+01:00"))
        // The restart: another host loads the same plugins and catches up.
        let restarted = try TestHost(directory: h.test.directory)
        #expect(await restarted.host.loadPlugins(from: h.test.directory.appendingPathComponent("plugins").path).allSatisfy { $0.loaded })
        await restarted.host.flows.catchUpMissedSchedules()
        #expect(try await h.sent(to: Self.phone).map(\.body) == ["run 2026-11-23T08:00:00Z"])
        #expect(try await sentTimes(h) == [FlowHarness.at("2026-11-26T11:00:00Z")])
        _ = try await restarted.host.flows.advanceClock(by: .seconds(86_400))
        #expect(
            try await h.sent(to: Self.phone).map(\.body).suffix(2).sorted() == [
                "run 2026-11-27T08:00:00Z", "skip 2026-11-27T08:00:00Z",
            ])
        #expect(try await h.sent(to: Self.phone).count == 3)
    }

    @Test("schedule.at fires once at its instant; a schedule can start flows")
    func at() async throws {
        let h = try await FlowHarness(plugins: [
            "a.lua": """
                flows.define("hello", function(flow) flow:send("hello from a flow") end)
                schedule.at("2026-11-24T09:30:00+01:00", function() assert(flows.start("hello", "\(Self.phone)")) end)
                """
        ])
        defer { h.cleanUp() }
        try await h.advance("3d")
        let sent = try await h.sent(to: Self.phone)
        #expect(sent.map(\.body) == ["hello from a flow"])
        #expect(sent.map(\.createdAt) == [FlowHarness.at("2026-11-24T08:30:00Z")])
        #expect(try await h.store.schedules().first?.nextFire == nil)
    }

    @Test("a bad cron expression or zone raises at definition, naming the problem")
    func badDefinitions() async throws {
        let t = try TestHost()
        defer { t.cleanUp() }
        await #expect(throws: LuaError.self) { try await t.run("schedule.every('0 25 * * *', function() end)") }
        do {
            try await t.run("schedule.every('0 9 * * *', function() end, {tz = 'Mars/Olympus'})")
            Issue.record("an unknown zone was accepted")
        } catch let error as LuaError {
            #expect(error.message.contains("Mars/Olympus"))
        }
    }
}
