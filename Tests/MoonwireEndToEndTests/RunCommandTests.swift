import Foundation
import Testing

@Suite("moonwire run and moonwire sandbox messages, end to end", .processSlot)
struct RunCommandTests {
    @Test("examples/hello.lua prints a sandbox id that `sandbox messages --json` then lists")
    func helloPlugin() async throws {
        let p = try MoonwireProcess()
        defer { p.cleanUp() }
        let hello = MoonwireProcess.packageRoot.appendingPathComponent("examples/hello.lua").path
        let run = try await p.run(["run", hello])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let id = run.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(id.hasPrefix("sbx_") && id.count == 24, "stdout: \(run.stdout)")

        let list = try await p.run(["sandbox", "messages", "--json"])
        #expect(list.status == 0)
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
        #expect(rows.count == 1)
        #expect(rows.first?["id"] as? String == id)
        #expect(rows.first?["to"] as? String == "+33612345678")
        #expect(rows.first?["from"] as? String == "MOONWIRE")
        #expect(rows.first?["status"] as? String == "accepted")
        #expect((rows.first?["body"] as? String)?.hasPrefix("Hello from Moonwire!") == true)
        #expect((rows.first?["created_at"] as? String)?.hasSuffix("Z") == true)

        let table = try await p.run(["sandbox", "messages"])
        #expect(table.stdout.contains(id))
        #expect(table.stdout.hasPrefix("ID"))
    }

    @Test("hello.lua takes a number as people write it")
    func helloWithNationalNumber() async throws {
        let p = try MoonwireProcess()
        defer { p.cleanUp() }
        let hello = MoonwireProcess.packageRoot.appendingPathComponent("examples/hello.lua").path
        #expect(try await p.run(["run", hello, "07 12 34 56 78"]).status == 0)
        let list = try await p.run(["sandbox", "messages", "--json"])
        #expect(list.stdout.contains("\"+33712345678\""))
    }

    @Test("an uncaught error exits 1 with file:line: message and a traceback on stderr")
    func runtimeError() async throws {
        let p = try MoonwireProcess()
        defer { p.cleanUp() }
        let script = try p.script("boom.lua", "print('before')\nlocal function f() error('kaput') end\nf()\n")
        let r = try await p.run(["run", script])
        #expect(r.status == 1)
        #expect(r.stdout == "before\n")
        #expect(r.stderr.contains("boom.lua:2: kaput"))
        #expect(r.stderr.contains("stack traceback:"))
        #expect(r.stderr.contains("boom.lua:3"))
    }

    @Test("assert(sms.send{...}) on a bad number reports the script line and the error code")
    func assertedSendFailure() async throws {
        let p = try MoonwireProcess()
        defer { p.cleanUp() }
        let script = try p.script("bad.lua", "\nassert(sms.send{ to = '0612345678', body = 'hi' })\n")
        let r = try await p.run(["run", script])
        #expect(r.status == 1)
        #expect(r.stderr.contains("bad.lua:2: not_e164: \"0612345678\" is not an E.164 number"), "stderr: \(r.stderr)")
    }

    @Test("misuse of sms.send is reported at the script's line, not inside Moonwire")
    func misuseLocation() async throws {
        let p = try MoonwireProcess()
        defer { p.cleanUp() }
        let script = try p.script("misuse.lua", "local x = 1\nsms.send{ to = '+33612345678', text = 'hi' }\n")
        let r = try await p.run(["run", script])
        #expect(r.status == 1)
        #expect(r.stderr.contains("misuse.lua:2: bad argument #1 to 'sms.send' (unknown field 'text' (did you mean 'body'?)"),
                "stderr: \(r.stderr)")
    }

    @Test("a syntax error names the file and line")
    func syntaxError() async throws {
        let p = try MoonwireProcess()
        defer { p.cleanUp() }
        let script = try p.script("syntax.lua", "local x = 1\nlocal y = = 2\n")
        let r = try await p.run(["run", script])
        #expect(r.status == 1)
        #expect(r.stderr.contains("syntax.lua:2:"))
    }

    @Test("an endless loop is stopped by --budget and the error says so")
    func endlessLoop() async throws {
        let p = try MoonwireProcess()
        defer { p.cleanUp() }
        let script = try p.script("loop.lua", "local n = 0\nwhile true do n = n + 1 end\n")
        let r = try await p.run(["run", "--budget", "0.3", script], timeout: 30)
        #expect(r.status == 1)
        #expect(r.stderr.contains("time budget of 300 ms"), "stderr: \(r.stderr)")
        #expect(r.stderr.contains("loop.lua:2"))
    }

    @Test("a script allocating without bound is stopped by --memory")
    func memoryBomb() async throws {
        let p = try MoonwireProcess()
        defer { p.cleanUp() }
        let script = try p.script("bomb.lua", "local t = {}\nfor i = 1, 1e9 do t[i] = string.rep('x', 64) .. i end\n")
        let r = try await p.run(["run", "--memory", "16", script], timeout: 60)
        #expect(r.status == 1)
        #expect(r.stderr.contains("memory limit of 16 MiB"), "stderr: \(r.stderr)")
    }

    @Test("a missing file and bad flags get clear errors")
    func badInvocations() async throws {
        let p = try MoonwireProcess()
        defer { p.cleanUp() }
        let missing = try await p.run(["run", "nope.lua"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("cannot read nope.lua"))
        let budget = try await p.run(["run", "--budget=-1", "x.lua"])
        #expect(budget.status != 0)
        #expect(budget.stderr.contains("--budget must be a positive number of seconds"))
    }

    @Test("script arguments pass through, including ones that look like flags")
    func passthroughArguments() async throws {
        let p = try MoonwireProcess()
        defer { p.cleanUp() }
        let script = try p.script("args.lua", "print(select('#', ...), ...)")
        let r = try await p.run(["run", script, "--json", "x"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(r.stdout == "2\t--json\tx\n")
    }

    @Test("--config after the script is the script's argument; before it, moonwire's")
    func configAfterScriptIsTheScripts() async throws {
        let p = try MoonwireProcess()
        defer { p.cleanUp() }
        let script = try p.script("args.lua", "print(select('#', ...), ...)")
        let mine = try await p.run(["run", "--budget", "5", script, "--config", "job.toml", "--config=x"])
        #expect(mine.status == 0, "stderr: \(mine.stderr)")
        #expect(mine.stdout == "3\t--config\tjob.toml\t--config=x\n")

        // Before the script it names moonwire's own file, which must then exist.
        let missing = p.directory.appendingPathComponent("absent.toml").path
        let theirs = try await p.run(["run", "--config", missing, script, "y"])
        #expect(theirs.status == 1)
        #expect(theirs.stderr.contains("absent.toml"), "stderr: \(theirs.stderr)")
    }

    @Test("os.execute and io.popen are absent in scripts")
    func sandboxed() async throws {
        let p = try MoonwireProcess()
        defer { p.cleanUp() }
        let script = try p.script("sbx.lua", "print(os.execute, io and io.popen, debug, string.dump)")
        let r = try await p.run(["run", script])
        #expect(r.stdout == "nil\tnil\tnil\tnil\n", "stderr: \(r.stderr)")
    }
}
