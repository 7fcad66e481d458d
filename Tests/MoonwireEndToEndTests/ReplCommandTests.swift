import Foundation
import SandboxStore
import Storage
import StoreSQLite
import Testing

@Suite("moonwire repl, end to end", .serialized, .processSlot)
struct ReplCommandTests {
    /// A REPL on a terminal, with the history in the scratch directory.
    func terminal(_ p: MoonwireProcess, _ arguments: [String] = ["repl"]) async throws -> PseudoTerminal {
        let t = try PseudoTerminal(
            p, arguments: arguments, environment: ["MOONWIRE_HISTORY": p.directory.appendingPathComponent("history").path])
        await t.expect("Ctrl-D exits.\n")
        await t.expect("> ")
        return t
    }

    @Test("at a terminal: an expression prints its value, a function typed over three lines runs, an error does not end the session")
    func interactive() async throws {
        let p = try MoonwireProcess()
        defer { p.cleanUp() }
        let t = try await terminal(p)
        t.send("1+1\r")
        await t.expect("\n2\n> ")
        t.send("function sq(x)\r")
        await t.expect("\n>> ")
        t.send("  return x * x\r")
        await t.expect("\n>> ")
        t.send("end\r")
        await t.expect("\n> ")
        t.send("sq(12)\r")
        await t.expect("\n144\n> ")
        t.send("error('boom')\r")
        await t.expect("\nstdin:1: boom\nstack traceback:")
        await t.expect("> ")
        t.send("sq(3) + 1\r")
        await t.expect("\n10\n> ")
        t.send("\u{04}")
        #expect(await t.waitForExit() == 0)
    }

    @Test("Ctrl-C stops `while true do end` and the next line works; at the prompt it clears the line")
    func interrupt() async throws {
        let p = try MoonwireProcess()
        defer { p.cleanUp() }
        let t = try await terminal(p)
        t.send("print('looping') while true do end\r")
        await t.expect("\nlooping\n")  // printed from inside the chunk: the loop has started
        t.send("\u{03}")
        // With the line when it lands in the loop; without, when it lands in print's C code.
        await t.expect("interrupted")
        await t.expect("> ")
        t.send("2 + 3\r")
        await t.expect("\n5\n> ")
        t.send("this is dropped\u{03}")
        await t.expect("^C\n> ")
        t.send("'after'\r")
        await t.expect("\n\"after\"\n> ")
        t.send("\u{04}")
        #expect(await t.waitForExit() == 0)
    }

    @Test("history survives a restart: Up recalls the last line, Ctrl-R finds an older one")
    func history() async throws {
        let p = try MoonwireProcess()
        defer { p.cleanUp() }
        let first = try await terminal(p)
        first.send("'restored ' .. 6 * 7\r")
        await first.expect("\n\"restored 42\"\n> ")
        first.send("'second ' .. 2 * 2\r")
        await first.expect("\n\"second 4\"\n> ")
        first.send("\u{04}")
        #expect(await first.waitForExit() == 0)

        let second = try await terminal(p)
        second.send("\u{1B}[A\r")  // Up, Enter
        await second.expect("\n\"second 4\"\n> ")
        second.send("\u{12}restored\r")  // Ctrl-R, the query, Enter
        await second.expect("\n\"restored 42\"\n> ")
        second.send("\u{04}")
        #expect(await second.waitForExit() == 0)
    }

    @Test("Tab completes sms.se to sms.segments: the first Tab lists both candidates, the next puts the first in, another cycles; sms.seg completes at once")
    func completion() async throws {
        let p = try MoonwireProcess()
        defer { p.cleanUp() }
        let t = try await terminal(p)
        t.send("sms.se\t")
        await t.expect("\nsegments  send\n")
        t.send("\t")
        await t.expect("> sms.segments")
        t.send("\t")
        await t.expect("> sms.send")
        t.send("\t('abc').encoding\r")  // back round to segments
        await t.expect("\n\"GSM-7\"\n> ")
        t.send("sms.seg\t")
        await t.expect("> sms.segments")
        t.send("('abc').segments\r")
        await t.expect("\n1\n> ")
        t.send("\u{04}")
        #expect(await t.waitForExit() == 0)
    }

    @Test("piped: chunks (one spanning lines) print their values; a failing chunk makes the exit status 1")
    func piped() async throws {
        let p = try MoonwireProcess()
        defer { p.cleanUp() }
        let ok = try await p.run(["repl"], stdin: "x = 20\nx + 22\n")
        #expect(ok.status == 0, "stderr: \(ok.stderr)")
        #expect(ok.stdout == "42\n")

        let mixed = try await p.run(["repl"], stdin: "function double(n)\n  return n * 2\nend\ndouble(21)\nerror('boom')\n'still running'\n")
        #expect(mixed.status == 1)
        #expect(mixed.stdout == "42\n\"still running\"\n")
        #expect(mixed.stderr.hasPrefix("stdin:1: boom\nstack traceback:"))

        let unfinished = try await p.run(["repl"], stdin: "for i = 1, 3 do\n")
        #expect(unfinished.status == 1)
        #expect(unfinished.stderr.contains("'end' expected near <eof>"))
    }

    @Test("-e evaluates its chunks in order and exits; a failure exits 1")
    func evaluateOption() async throws {
        let p = try MoonwireProcess()
        defer { p.cleanUp() }
        let r = try await p.run(["repl", "-e", "n = 6", "-e", "n * 7", "-e", "sms.segments('Bonjour ça va ?').encoding"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(r.stdout == "42\n\"UCS-2\"\n")
        let failed = try await p.run(["repl", "-e", "-1 + nil"])
        #expect(failed.status == 1)
        #expect(failed.stderr.hasPrefix("stdin:1: attempt to perform arithmetic on a nil value"))
    }

    @Test("--serve routes inbound messages while the session runs: a handler defined at the prompt answers an injected reply")
    func serveInBackground() async throws {
        let p = try MoonwireProcess()
        defer { p.cleanUp() }
        let r = try await p.run(["repl", "--serve", "--no-plugins"], stdin: """
            on.keyword("HI", function(r) assert(r:reply("hi back")) end)
            sandbox.reply{from = "+33612345678", body = "hi !"}.seq
            repeat local m = moonwire.inbox(1)[1] until m and m.status == "handled"
            moonwire.outbox()[1].body
            """)
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(r.stdout == "1\n\"hi back\"\n")
        #expect(try await p.sent(to: "+33612345678").map(\.body) == ["hi back"])
    }

    @Test("plugins are loaded from --plugins, and reported by plugins(); a missing directory is an error")
    func plugins() async throws {
        let p = try MoonwireProcess()
        defer { p.cleanUp() }
        let plugins = p.directory.appendingPathComponent("plugins")
        try FileManager.default.createDirectory(at: plugins, withIntermediateDirectories: true)
        try "on.keyword('INFO', function(r) end)".write(to: plugins.appendingPathComponent("info.lua"), atomically: true, encoding: .utf8)
        let r = try await p.run(["repl", "--plugins", plugins.path, "-e", "plugins()"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(r.stdout.contains("info.lua                 loaded, 1 handler"))
        let none = try await p.run(["repl", "--no-plugins", "-e", "#moonwire.plugins()"])
        #expect(none.stdout == "0\n")
        let missing = try await p.run(["repl", "--plugins", "nowhere", "-e", "1"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("the plugin directory nowhere does not exist"))
    }
}
