import AsyncHTTPClient
import Foundation
import GRDB
import NIOCore
import Testing

/// Issue 24 §4: each message that misled now says what happened and what to do, naming the value.
@Suite("Errors that say what happened and what to do", .serialized, .processSlot)
struct HonestErrorTests {
    @Test("a write lock held longer than the busy timeout is reported as a busy database, not a foreign file")
    func busyDatabase() async throws {
        let p = try MoonwireProcess()
        defer { p.cleanUp() }
        #expect(try await p.run(["send", "--to", "+33612345678", "--body", "first"]).status == 0)
        // Another process's long write transaction, held by a thread of this one until released.
        let queue = try DatabaseQueue(path: p.environment["MOONWIRE_DB"]!)
        let locked = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        let holder = Thread {
            try? queue.inTransaction(.immediate) { _ in
                locked.signal()
                release.wait()
                return .rollback
            }
        }
        holder.start()
        locked.wait()
        let r = try await p.run(["send", "--to", "+33612345678", "--body", "second"], timeout: 90)
        release.signal()
        #expect(r.status == 1)
        #expect(r.stderr.contains("busy") && r.stderr.contains("write lock"), "\(r.stderr)")
        #expect(!r.stderr.contains("remove a file") && !r.stderr.contains("not a Moonwire database"), "\(r.stderr)")
    }

    @Test("MOONWIRE_DB: a URL, an empty value and :memory: are errors naming the value; no file is created")
    func databaseVariable() async throws {
        var p = try MoonwireProcess()
        defer { p.cleanUp() }
        p.environment["MOONWIRE_DB"] = "mysql://user:hunter2@localhost/db"
        let url = try await p.run(["send", "--to", "+33612345678", "--body", "hi"])
        #expect(url.status == 1)
        #expect(url.stderr.contains("MOONWIRE_DB=mysql://user:***@localhost/db is a mysql URL"), "\(url.stderr)")
        #expect(!url.stderr.contains("hunter2"))
        #expect(!FileManager.default.fileExists(atPath: p.directory.appendingPathComponent("mysql:").path))
        // A PostgreSQL URL is parsed, and its wrong part named, before any connection is tried.
        p.environment["MOONWIRE_DB"] = "postgres://user:hunter2@localhost:99999/db"
        let port = try await p.run(["send", "--to", "+33612345678", "--body", "hi"])
        #expect(port.status == 1)
        #expect(port.stderr.contains("postgres://user:***@localhost:99999/db: the port '99999'"), "\(port.stderr)")
        #expect(!port.stderr.contains("hunter2"))
        p.environment["MOONWIRE_DB"] = ""
        let empty = try await p.run(["send", "--to", "+33612345678", "--body", "hi"])
        #expect(empty.status == 1 && empty.stderr.contains("MOONWIRE_DB is set but empty"), "\(empty.stderr)")
        #expect(!FileManager.default.fileExists(atPath: p.directory.appendingPathComponent("moonwire.db").path))
        p.environment["MOONWIRE_DB"] = ":memory:"
        let memory = try await p.run(["send", "--to", "+33612345678", "--body", "hi"])
        #expect(memory.status == 1 && memory.stderr.contains("MOONWIRE_DB=:memory: keeps nothing"), "\(memory.stderr)")
        let listed = try await p.run(["sandbox", "messages"])
        #expect(listed.status == 1 && listed.stderr.contains(":memory:"), "\(listed.stderr)")
    }

    @Test("moonwire run on a directory says it is a directory")
    func runDirectory() async throws {
        let p = try MoonwireProcess()
        defer { p.cleanUp() }
        let r = try await p.run(["run", p.directory.path])
        #expect(r.status == 1)
        #expect(r.stderr.contains("\(p.directory.path) is a directory, not a Lua script"), "\(r.stderr)")
        #expect(!r.stderr.contains("NSCocoaErrorDomain"))
    }

    @Test("sms.bulk and sms.send both answer opted_out for a stopped number, inside the window or not")
    func bulkOptedOut() async throws {
        var p = try MoonwireProcess()
        defer { p.cleanUp() }
        p.environment["MOONWIRE_CLOCK"] = "system"
        p.environment["MOONWIRE_NOW"] = "2026-11-22T15:00:00+01:00"  // a Sunday: marketing waits
        let script = try p.script("stopped.lua", #"""
            stops.add("+33612345678")
            local r = sms.bulk{ to = { "+33612345678", "+33612345679" }, body = "Promo" }
            print("bulk", r.sent, r.deferred, r.failed, r.messages[1].error and r.messages[1].error.code, r.messages[2].status)
            local m, err = sms.send{ to = "+33612345678", body = "Promo", class = "marketing" }
            print("send", m, err.code)
            """#)
        let r = try await p.run(["run", script])
        #expect(r.stdout.contains("bulk\t0\t1\t1\topted_out\tdeferred"), "\(r.stdout) \(r.stderr)")
        #expect(r.stdout.contains("send\tnil\topted_out"), "\(r.stdout)")
    }

    @Test("schedule.every refuses a cron expression that can never fire")
    func cronThatNeverFires() async throws {
        let p = try MoonwireProcess()
        defer { p.cleanUp() }
        let script = try p.script("never.lua", #"""
            print(pcall(schedule.every, "0 0 31 2 *", function() end))
            print(pcall(schedule.every, "0 0 29 2 *", function() end))
            """#)
        let r = try await p.run(["run", script])
        #expect(r.stdout.contains("false") && r.stdout.contains("'0 0 31 2 *' can never fire"), "\(r.stdout) \(r.stderr)")
        #expect(r.stdout.contains("true\t"), "a leap day fires: \(r.stdout)")
    }

    @Test("serve --http answers 400 to a malformed chunked body and 413 naming the limit to a huge one")
    func webhookBodies() async throws {
        let p = try MoonwireProcess()
        defer { p.cleanUp() }
        let serve = try await ServeProcess(
            p, arguments: ["--plugins", try HTTPProbe.noPlugins(p), "--http", "0"], environment: ["CONEXTEO_WEBHOOK_TOKEN": "s3cret"],
            ready: "webhooks on")
        defer { serve.stop() }
        let port = try HTTPProbe.port(of: serve)
        let answer = try HTTPProbe.raw(
            port: port,
            "POST /webhooks/conexteo?token=s3cret HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\n\r\nZZ\r\n{}\r\n0\r\n\r\n")
        #expect(answer.hasPrefix("HTTP/1.1 400"), "\(answer)")
        let huge = try await HTTPProbe.post(
            "http://127.0.0.1:\(port)/webhooks/conexteo?token=s3cret", body: String(repeating: "x", count: 2 << 20))
        #expect(huge.status == 413 && huge.body.contains("1024 KiB"), "\(huge.body)")
    }

    @Test("the sandbox's Conexteo emulation answers 413 naming its limit; a fault that is not JSON is refused")
    func sandboxServer() async throws {
        let p = try MoonwireProcess()
        defer { p.cleanUp() }
        let serve = try await ServeProcess(p, command: ["sandbox", "serve"], arguments: ["--port", "0"], ready: "Faults:")
        defer { serve.stop() }
        let conexteo = try HTTPProbe.url("Conexteo:", of: serve)
        let faults = try HTTPProbe.url("Faults:", of: serve)
        let huge = try await HTTPProbe.post(
            conexteo + "/messages/sms", bytes: ByteBuffer(repeating: UInt8(ascii: "x"), count: 20 << 20),
            headers: [("X-API-KEY", "sandbox")])
        #expect(huge.status == 413, "\(huge.body)")
        #expect(huge.body.contains("4 MiB"), "\(huge.body)")
        let notJSON = try await HTTPProbe.post(faults, body: "status=503")
        #expect(notJSON.status == 400 && notJSON.body.contains("is not JSON"), "\(notJSON.body)")
        let none = try await HTTPProbe.post(faults, body: "")
        #expect(none.status == 201, "no body still queues one default fault: \(none.body)")
    }

    @Test("listing commands open the database read-only: they work on a file the user may only read")
    func readOnlyListing() async throws {
        let p = try MoonwireProcess()
        defer { p.cleanUp() }
        #expect(try await p.run(["send", "--to", "+33612345678", "--body", "kept"]).status == 0)
        let start = try p.script("flow.lua", #"""
            flows.define("hello", function(flow) flow:sleep("1d") end)
            assert(flows.start("hello", "+33612345678"))
            """#)
        #expect(try await p.run(["run", start]).status == 0)
        let database = p.environment["MOONWIRE_DB"]!
        let protected = [database, database + "-wal", database + "-shm", p.directory.path]
        for path in protected where FileManager.default.fileExists(atPath: path) {
            try FileManager.default.setAttributes(
                [.posixPermissions: path == p.directory.path ? 0o555 : 0o444], ofItemAtPath: path)
        }
        defer {
            for path in protected where FileManager.default.fileExists(atPath: path) {
                try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
            }
        }
        for arguments in [["sandbox", "messages"], ["flows", "list"], ["flows", "show", "1"]] {
            let r = try await ReadOnlyUser.run(p, arguments)
            #expect(r.status == 0, "\(arguments): \(r.stderr)")
            if arguments == ["sandbox", "messages"] { #expect(r.stdout.contains("kept")) }
        }
    }

    @Test("the README's MOONWIRE_NOW marketing example prints what the README shows, on a database with a clock")
    func readmeExample() async throws {
        var p = try MoonwireProcess()
        defer { p.cleanUp() }
        #expect(try await p.run(["sandbox", "clock", "show"]).status == 0)  // the database has its clock now
        let readme = try String(contentsOf: MoonwireProcess.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let line = try #require(readme.split(separator: "\n").first { $0.contains("--class marketing") && $0.contains("#") })
        let promised = try #require(line.split(separator: "#", maxSplits: 1).last).trimmingCharacters(in: .whitespaces)
        p.environment["MOONWIRE_CLOCK"] = "system"
        p.environment["MOONWIRE_NOW"] = "2026-11-22T15:00:00+01:00"
        let r = try await p.run(["send", "--to", "0612345679", "--body", "Soldes", "--class", "marketing"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(promised.hasPrefix(r.stdout.trimmingCharacters(in: .whitespacesAndNewlines)), "README: \(promised); printed: \(r.stdout)")
        #expect(readme.contains("MOONWIRE_CLOCK=system MOONWIRE_NOW=2026-11-22T15:00:00+01:00"))
    }
}
