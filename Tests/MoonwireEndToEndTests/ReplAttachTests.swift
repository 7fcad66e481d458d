import Foundation
import SandboxStore
import Storage
import StoreSQLite
import Testing

@Suite("moonwire repl --attach: sessions inside a running serve", .serialized, .processSlot)
struct ReplAttachTests {
    static let probe = """
        on.keyword("PING", function(r) assert(r:reply("leak=" .. tostring(leak))) end)
        """

    func pluginDirectory(_ p: MoonwireProcess) throws -> String {
        let directory = p.directory.appendingPathComponent("plugins")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try Self.probe.write(to: directory.appendingPathComponent("probe.lua"), atomically: true, encoding: .utf8)
        return directory.path
    }

    func socket(_ p: MoonwireProcess) -> String { p.directory.appendingPathComponent("moonwire.sock").path }

    @Test("a session evaluates in serve's runtime: print comes back, globals stay the session's, a handler it registers and a reply it injects are run by serve")
    func live() async throws {
        let p = try MoonwireProcess()
        defer { p.cleanUp() }
        let serve = try await ServeProcess(p, arguments: ["--plugins", try pluginDirectory(p)])
        let socket = socket(p)
        let permissions = try FileManager.default.attributesOfItem(atPath: socket)[.posixPermissions] as? Int
        #expect(permissions == 0o600)
        #expect(serve.text.contains("moonwire repl --attach \(socket)"))

        let session = try await p.run(["repl", "--attach"], stdin: """
            leak = "yes"
            print("hello from " .. "the session")
            plugins()
            function twice(n)
              return n * 2
            end
            twice(21)
            on.keyword("HELLO", function(r) assert(r:reply("answered by the attached session")) end)
            sandbox.reply{from = "+33612345678", body = "PING"}.seq
            sandbox.reply{from = "+33612345679", body = "HELLO"}.seq
            """)
        #expect(session.status == 0, "stderr: \(session.stderr)")
        #expect(session.stdout.hasPrefix("hello from the session\n  probe.lua                loaded, 1 handler\n42\n"))
        #expect(try await p.waitFor { try await $0.sandbox().sandboxMessages().count == 2 }, "serve said: \(serve.text)")
        #expect(try await p.sent(to: "+33612345678").map(\.body) == ["leak=nil"])  // the session's global did not leak
        #expect(try await p.sent(to: "+33612345679").map(\.body) == ["answered by the attached session"])
        #expect(!serve.text.contains("hello from the session"))  // print went to the session, not serve's output
        #expect(serve.stop() == 0)
        #expect(!FileManager.default.fileExists(atPath: socket))  // removed on exit
    }

    @Test("sessions at once keep their own globals; Tab completes and Ctrl-C interrupts over the socket")
    func concurrentSessions() async throws {
        let p = try MoonwireProcess()
        defer { p.cleanUp() }
        // A budget no evaluation reaches: only the interrupt can stop the loop below.
        let serve = try await ServeProcess(p, arguments: ["--plugins", try pluginDirectory(p), "--budget", "600"])
        defer { serve.stop() }
        let t = try PseudoTerminal(
            p, arguments: ["repl", "--attach"], environment: ["MOONWIRE_HISTORY": p.directory.appendingPathComponent("history").path])
        await t.expect("Ctrl-D detaches.\n")
        await t.expect("> ")
        t.send("x = 'mine'\r")
        await t.expect("> ")
        let other = try await p.run(["repl", "--attach", socket(p), "-e", "x", "-e", "x = 'theirs'", "-e", "x"])
        #expect(other.stdout == "nil\n\"theirs\"\n", "stderr: \(other.stderr)")
        t.send("x\r")
        await t.expect("\n\"mine\"\n> ")
        t.send("sms.seg\t")
        await t.expect("> sms.segments")
        t.send("('abc').segments\r")
        await t.expect("\n1\n> ")
        t.send("print('looping') while true do end\r")
        await t.expect("\nlooping\n")
        t.send("\u{03}")
        // With the line when it lands in the loop; without, when it lands in print's C code.
        await t.expect("interrupted")
        await t.expect("> ")
        t.send("1 + 1\r")
        await t.expect("\n2\n> ")
        t.send("\u{04}")
        #expect(await t.waitForExit() == 0)
    }

    @Test("a client that disconnects mid-evaluation has its chunk interrupted; serve goes on serving")
    func disconnect() async throws {
        let p = try MoonwireProcess()
        defer { p.cleanUp() }
        let serve = try await ServeProcess(p, arguments: ["--plugins", try pluginDirectory(p), "--budget", "600"])
        defer { serve.stop() }
        let client = try await ServeProcess(
            p, command: ["repl", "--attach", "-e", "print('started') while true do end"], arguments: [], ready: "started")
        client.kill()
        // With a 600 s budget, only the interrupt sent on disconnect frees the runtime for this.
        let next = try await p.run(["repl", "--attach", "-e", "6 * 7"])
        #expect(next.stdout == "42\n", "stderr: \(next.stderr); serve said: \(serve.text)")
        #expect(serve.process.isRunning)
    }

    @Test("a stale socket left by a crash is replaced; a live one is not taken over; --socket and MOONWIRE_SOCKET choose the path")
    func socketLifecycle() async throws {
        let p = try MoonwireProcess()
        defer { p.cleanUp() }
        let plugins = try pluginDirectory(p)
        let first = try await ServeProcess(p, arguments: ["--plugins", plugins])
        first.kill()  // SIGKILL: the socket file stays behind
        #expect(FileManager.default.fileExists(atPath: socket(p)))
        let second = try await ServeProcess(p, arguments: ["--plugins", plugins])
        defer { second.stop() }
        #expect(try await p.run(["repl", "--attach", "-e", "'attached'"]).stdout == "\"attached\"\n")

        // A second serve on the same socket runs, without REPL sessions; the first keeps them.
        let refused = try await ServeProcess(p, arguments: ["--plugins", plugins])
        #expect(refused.text.contains("no REPL sessions: another moonwire serve is listening on \(socket(p))"))
        #expect(refused.stop() == 0)
        #expect(try await p.run(["repl", "--attach", "-e", "'still attached'"]).stdout == "\"still attached\"\n")

        let chosen = p.directory.appendingPathComponent("other.sock").path
        let third = try await ServeProcess(p, arguments: ["--plugins", plugins, "--socket", chosen])
        defer { third.stop() }
        var viaEnvironment = p
        viaEnvironment.environment["MOONWIRE_SOCKET"] = chosen
        #expect(try await viaEnvironment.run(["repl", "--attach", "-e", "1"]).stdout == "1\n")

        let nowhere = try await p.run(["repl", "--attach", p.directory.appendingPathComponent("none.sock").path, "-e", "1"])
        #expect(nowhere.status == 1)
        #expect(nowhere.stderr.contains("no socket at"))
    }
}
