import Foundation
import SandboxStore
import Storage
import StorageBackends
import TestSupport
import Testing

/// The sandbox's virtual clock across a fleet: three `moonwire serve` on one PostgreSQL, the
/// clock advanced by `moonwire sandbox clock advance`, with the built binary.
@Suite("The virtual clock across three serves on PostgreSQL, end to end", .serialized, .processSlot)
struct FleetClockTests {
    static let ticks = "+33600000001"

    /// An hourly schedule whose every execution sends once (a key of its own, so a fire run
    /// twice sends twice) saying which fire it is and what its instance's clock read; a flow
    /// that naps three times; a reply handler that says what its instance's clock reads.
    static let plugin = """
        local function iso(t) return os.date("!%Y-%m-%dT%H:%M:%SZ", math.floor(t)) end

        schedule.every("0 * * * *", function(fire)
          assert(sms.send({
            to = "\(ticks)", body = "tick " .. iso(fire.at) .. " at " .. iso(clock.now()),
            external_id = "tick " .. iso(fire.at) .. " " .. tostring({}) .. " " .. math.random(1, 1000000000),
          }))
        end, { name = "hourly", tz = "UTC" })

        flows.define("naps", function(flow)
          for i = 1, 3 do
            flow:sleep("5h")
            flow:send("nap " .. i .. " at " .. iso(flow:now()))
          end
        end)

        on.reply(function(r)
          r:reply("now " .. iso(clock.now()))
        end)
        """

    static func iso(_ date: Date) -> String { date.formatted(.iso8601) }

    @Test("sandbox clock advance 1d with three serves: each hourly fire runs once, at its instant; naps wake once each, on time; every instance reads the new time")
    func dayAcrossThree() async throws {
        let (p, url) = try await PostgresSandboxTests.process()
        defer { p.cleanUp() }
        let start = try Date("2026-11-23T09:00:00Z", strategy: .iso8601)  // MOONWIRE_NOW of PostgresSandboxTests
        #expect(try await p.run(["db", "migrate"]).status == 0)
        let plugins = try p.writePlugins(["fleet_clock.lua": Self.plugin])
        var serves: [ServeProcess] = []
        defer { for serve in serves { serve.stop() } }
        for _ in 0..<3 { serves.append(try await ServeProcess(p, arguments: ["--plugins", plugins])) }

        let sleepers = (1...30).map { String(format: "+336100000%02d", $0) }
        let numbers = p.directory.appendingPathComponent("numbers.txt")
        try sleepers.joined(separator: "\n").write(to: numbers, atomically: true, encoding: .utf8)
        let started = try await p.run(["flows", "start", "naps", "--numbers", numbers.path])
        #expect(started.status == 0, "\(started.stderr)")
        // Every run executes to its first nap (by whichever instance claims it) before the advance.
        var asleep = 0
        let deadline = Date().addingTimeInterval(60)
        while asleep < sleepers.count, Date() < deadline {
            asleep = try await p.run(["flows", "list", "--status", "sleeping"]).stdout.split(separator: "\n").filter { $0.contains("naps") }.count
            if asleep < sleepers.count { try await Task.sleep(for: .milliseconds(200)) }
        }
        #expect(asleep == sleepers.count)

        let advanced = try await p.run(["sandbox", "clock", "advance", "1d"])
        #expect(advanced.status == 0, "\(advanced.stderr)\n\(serves.map(\.text).joined(separator: "\n---\n"))")
        let end = start.addingTimeInterval(86_400)
        #expect(advanced.stdout.hasPrefix(Self.iso(end)), "\(advanced.stdout)")

        let messages = try await StorageBackends.sandbox(location: url).sandboxMessages()
        // Each hourly instant of the day fired once, at that instant, on the instance that fired it.
        let ticks = messages.filter { $0.to == Self.ticks }
        let hours = (1...24).map { Self.iso(start.addingTimeInterval(Double($0) * 3600)) }
        let fired = ticks.map { $0.body.split(separator: " ")[1].description }
        #expect(fired.filter { $0 != Self.iso(start) }.sorted() == hours, "\(ticks.map(\.body))")
        #expect(Set(fired).count == fired.count, "a fire ran twice: \(ticks.map(\.body))")
        for tick in ticks {
            let parts = tick.body.split(separator: " ").map(String.init)
            #expect(parts[3] == parts[1], "the clock read \(parts[3]) at the fire of \(parts[1])")
            #expect(Self.iso(tick.createdAt) == parts[1], "\(tick.body) sent at \(tick.createdAt)")
        }

        // Each run napped three times and sent once after each nap, at the nap's end.
        for number in sleepers {
            let naps = messages.filter { $0.to == number }
            let expected = (1...3).map { "nap \($0) at \(Self.iso(start.addingTimeInterval(Double($0) * 5 * 3600)))" }
            #expect(naps.map(\.body) == expected, "\(number): \(naps.map(\.body))")
            #expect(naps.map { Self.iso($0.createdAt) } == (1...3).map { Self.iso(start.addingTimeInterval(Double($0) * 5 * 3600)) })
        }
        let completed = try await p.run(["flows", "list", "--status", "completed"]).stdout.split(separator: "\n").filter { $0.contains("naps") }
        #expect(completed.count == sleepers.count)

        // Every instance reads the new time: replies (claimed by whichever instance) are answered
        // with it. The followers re-read the stored clock on their timer loop (every 0.1 s).
        try await Task.sleep(for: .seconds(1))
        let askers = (1...12).map { String(format: "+336200000%02d", $0) }
        for number in askers { #expect(try await p.run(["sandbox", "reply", "--from", number, "heure ?"]).status == 0) }
        #expect(
            try await PostgresSandboxTests.waitFor(url) { store in
                Set(try await store.sandboxMessages().map(\.to)).isSuperset(of: askers)
            })
        let answers = try await StorageBackends.sandbox(location: url).sandboxMessages().filter { askers.contains($0.to) }
        #expect(answers.map(\.body) == Array(repeating: "now \(Self.iso(end))", count: askers.count), "\(answers.map(\.body))")
        #expect(serves.allSatisfy { !$0.text.contains("is stuck") }, "\(serves.map(\.text))")
    }
}
