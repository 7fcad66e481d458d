import Foundation
import Testing

/// Issue 21, the LuaKit half, with the built binary: calls that spin inside Lua's C library
/// stop at the budget, nested coroutine.close ends in a Lua error, and copies into Swift are
/// bounded. Each ends with exit status 1 and a clear message, never a signal death.
@Suite("moonwire run contains what spins in C, crashes or copies without bound", .serialized, .processSlot)
struct ContainmentCommandTests {
    /// Runs `source` as spin.lua with a 1 s budget; the run must end with status 1.
    func runStopped(_ source: String, flags: [String] = ["--budget", "1"]) async throws -> MoonwireProcess.Result {
        let p = try MoonwireProcess()
        defer { p.cleanUp() }
        let script = try p.script("spin.lua", source)
        let r = try await p.run(["run"] + flags + [script], timeout: 60)
        #expect(r.status == 1, "stdout: \(r.stdout)\nstderr: \(r.stderr)")
        return r
    }

    /// Sources also run inside serve's handlers (ContainmentServeTests): the line numbers below
    /// are theirs.
    static let nestedClose = """
        local function chain(n)
          local inner = n > 0 and chain(n - 1) or nil
          local co = coroutine.create(function()
            local x <close> = setmetatable({}, { __close = function() if inner then assert(coroutine.close(inner)) end end })
            coroutine.yield()
          end)
          coroutine.resume(co)
          return co
        end
        assert(coroutine.close(chain(8000)))
        """
    static let sharedSubTables = """
        local t = {}
        for i = 1, 40 do t = { t, t } end
        sms.send{ to = "+33612345678", body = "hi", meta = t }
        """
    static let hugeSegments = """
        local s = ("x"):rep(120000000)
        sms.segments(s)
        """

    static let spinning: [String] = [
        "table.move({}, 1, 1 << 50, 2)",
        #"string.find(("a"):rep(40), ("a*"):rep(40) .. "b")"#,
        #"string.find(("a"):rep(300000), ".-b")"#,
        #"local _ = ("a"):rep(300000):gsub(".-b", "")"#,
        #"for w in ("a"):rep(40):gmatch(("a*"):rep(40) .. "b") do end"#,
    ]

    @Test("a call that loops inside Lua's C library stops at the budget, at the script's line", arguments: spinning)
    func spinningCallStops(_ call: String) async throws {
        let r = try await runStopped("print('start')\n\(call)\nprint('not reached')\n")
        #expect(r.stdout == "start\n")
        #expect(r.stderr.contains("spin.lua:2: run exceeded its time budget of 1 s"), "stderr: \(r.stderr)")
    }

    @Test("pcall around a backtracking pattern cannot keep the run alive")
    func pcallCannotSwallow() async throws {
        let r = try await runStopped(
            #"""
            local s, p = ("a"):rep(40), ("a*"):rep(40) .. "b"
            while true do pcall(string.find, s, p) end
            """#)
        #expect(r.stderr.contains("spin.lua:2: run exceeded its time budget of 1 s"), "stderr: \(r.stderr)")
    }

    @Test("string.rep of an empty string 2^62 times returns at once")
    func emptyRep() async throws {
        let p = try MoonwireProcess()
        defer { p.cleanUp() }
        let script = try p.script("rep.lua", #"print(#string.rep("", 1 << 62), #string.rep("", 1 << 40, ""))"#)
        let r = try await p.run(["run", "--budget", "1", script], timeout: 60)
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(r.stdout == "0\t0\n")
    }

    @Test("8,000 coroutines closing each other from __close handlers end in a Lua error, not SIGSEGV")
    func nestedCoroutineClose() async throws {
        let r = try await runStopped(Self.nestedClose, flags: [])
        #expect(r.stderr.contains("spin.lua:10:"), "stderr: \(r.stderr)")
        #expect(r.stderr.contains("C stack overflow"), "stderr: \(r.stderr)")
    }

    @Test("sms.send with a table sharing its sub-tables 2^40 ways fails fast with a clear error")
    func sharedSubTables() async throws {
        let r = try await runStopped(Self.sharedSubTables, flags: [])
        #expect(
            r.stderr.contains("spin.lua:3: table is too large to copy: more than 100000 values"), "stderr: \(r.stderr)")
    }

    @Test("sms.segments refuses a 120 MB string before copying it")
    func hugeSegments() async throws {
        let r = try await runStopped(Self.hugeSegments, flags: [])
        #expect(
            r.stderr.contains("spin.lua:2: bad argument #1 to 'sms.segments' (text is 120000000 bytes; at most 65536 bytes"),
            "stderr: \(r.stderr)")
    }
}

@Suite("moonwire repl contains a pattern that backtracks", .serialized, .processSlot)
struct ContainmentReplTests {
    @Test("Ctrl-C stops a backtracking pattern at the REPL and the next line works")
    func interruptPattern() async throws {
        let p = try MoonwireProcess()
        defer { p.cleanUp() }
        let t = try PseudoTerminal(
            p, arguments: ["repl"], environment: ["MOONWIRE_HISTORY": p.directory.appendingPathComponent("history").path])
        await t.expect("Ctrl-D exits.\n")
        await t.expect("> ")
        t.send(#"print('matching') string.find(("a"):rep(40), ("a*"):rep(40) .. "b")"# + "\r")
        await t.expect("\nmatching\n")  // printed from inside the chunk: the match has started
        t.send("\u{03}")
        await t.expect("interrupted")
        await t.expect("> ")
        t.send("('ab'):rep(2)\r")
        await t.expect("\n\"abab\"\n> ")
        t.send("\u{04}")
        #expect(await t.waitForExit() == 0)
    }
}
