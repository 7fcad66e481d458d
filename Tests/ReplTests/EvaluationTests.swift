import Engine
import Foundation
import LuaKit
import Testing

@testable import Repl

@Suite("REPL evaluation: lua.c's habits over the Moonwire runtime")
struct EvaluationTests {
    @Test("an expression prints its value, =expr too; a statement prints nothing; globals persist")
    func expressions() async throws {
        let t = try ReplTestHost()
        defer { t.cleanUp() }
        let s = try await t.session()
        #expect(await s.eval("1+1") == "2")
        #expect(await s.eval("=2^10") == "1024.0")
        #expect(await s.eval("x = 20") == nil)
        #expect(await s.eval("x + 22") == "42")
        #expect(await s.eval("1, 'two', nil") == "1\t\"two\"\tnil")
        #expect(await s.eval("undefined_name") == "nil")
        #expect(await s.eval("sms.normalize('06 12 34 56 78')") == "\"+33612345678\"")
    }

    @Test("a chunk that is not finished is incomplete, then runs once completed")
    func incomplete() async throws {
        let t = try ReplTestHost()
        defer { t.cleanUp() }
        let s = try await t.session()
        guard case .incomplete(let message) = await s.evaluate("function sq(x)") else {
            Issue.record("an open function body is incomplete")
            return
        }
        #expect(message.hasSuffix("<eof>"))
        guard case .incomplete = await s.evaluate("function sq(x)\n  return x * x") else {
            Issue.record("still incomplete")
            return
        }
        #expect(await s.eval("function sq(x)\n  return x * x\nend") == nil)
        #expect(await s.eval("sq(12)") == "144")
        guard case .incomplete = await s.evaluate("s = [[long") else {
            Issue.record("an unfinished long string is incomplete")
            return
        }
    }

    @Test("errors read stdin:LINE: message with a short traceback, and the session goes on")
    func errors() async throws {
        let t = try ReplTestHost()
        defer { t.cleanUp() }
        let s = try await t.session()
        let outcome = await s.evaluate("local a = 1\nerror('boom')")
        guard case .failure(let message, let traceback) = outcome else {
            Issue.record("expected a failure, got \(outcome)")
            return
        }
        #expect(message == "stdin:2: boom")
        #expect(traceback.hasPrefix("stack traceback:"))
        #expect(traceback.contains("stdin:2: in main chunk"))
        #expect(!traceback.contains("(repl)"))
        #expect(await s.eval("x = = 1") == "error: stdin:1: unexpected symbol near '='")
        #expect(await s.eval("assert(sms.normalize('12'))")?.hasPrefix("error: stdin:1: ") == true)
        #expect(await s.eval("2 * 21") == "42")
    }

    @Test("tables print nested and indented, cycles marked, long lists cut with a count")
    func prettyPrinting() async throws {
        let t = try ReplTestHost()
        defer { t.cleanUp() }
        let s = try await t.session()
        #expect(await s.eval("{}") == "{}")
        #expect(await s.eval("{1, 2, 3, name = 'x', [10] = true, ['a b'] = 1}") == "{ 1, 2, 3, [10] = true, [\"a b\"] = 1, name = \"x\" }")
        #expect(await s.eval("t = {} t.self = t t.list = {t} return t") == "{ list = { <cycle> }, self = <cycle> }")
        let long = try #require(await s.eval("local t = {} for i = 1, 100 do t[i] = i end return t"))
        #expect(long == """
            {
              1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21,
              22, 23, 24, 25, 26, 27, 28, 29, 30, ... (70 more)
            }
            """)
        let nested = try #require(await s.eval(
            "{ contact = { phone = '+33612345678', first_name = 'Ana', fields = { city = 'Lyon', plan = 'pro', since = 2021 } }, lists = { 'vip', 'newsletter' } }"))
        #expect(nested == """
            {
              contact = {
                fields = { city = "Lyon", plan = "pro", since = 2021 },
                first_name = "Ana",
                phone = "+33612345678"
              },
              lists = { "vip", "newsletter" }
            }
            """)
        #expect(await s.eval("'a\\n\"b\"'") == #""a\n\"b\"""#)
        let err = try #require(await s.eval("select(2, sms.normalize('12'))"))
        #expect(err.contains("code = "))
        #expect(await s.eval("print")?.hasSuffix("(builtin)") == true)
        #expect(await s.eval("function f() end return f")?.hasSuffix("(stdin:1)") == true)
    }

    @Test("a userdata prints by its __tostring; its methods complete after ':'")
    func userdata() async throws {
        let t = try ReplTestHost()
        defer { t.cleanUp() }
        let s = try await t.session()
        final class Thing {}
        let environment = s.environment
        await t.host.runtime.withState { state in
            state.registerType(
                "Thing", methods: ["name": { call in call.push("seven"); return 1 }],
                metamethods: ["__tostring": { call in call.push("Thing #7"); return 1 }])
            state.setField(environment, "thing", state.userdata(Thing(), typeName: "Thing"))
        }
        #expect(await s.eval("thing") == "Thing #7")
        #expect(await s.eval("{ thing, n = 1 }") == "{ Thing #7, n = 1 }")
        #expect(await s.eval("thing:name()") == "\"seven\"")
        #expect(await s.complete("thing:na").candidates == ["thing:name"])
    }

    @Test("Ctrl-C interrupts the running chunk and the next one runs")
    func interrupt() async throws {
        let t = try ReplTestHost()
        defer { t.cleanUp() }
        let s = try await t.session()
        let loop = Task { await s.evaluate("print('looping') while true do end") }
        while !t.printed.text.contains("looping") { try await Task.sleep(for: .milliseconds(10)) }
        s.interrupt()
        guard case .failure(let message, _) = await loop.value else {
            Issue.record("the loop was not interrupted")
            return
        }
        #expect(message == "stdin:1: interrupted")
        #expect(await s.eval("'still here'") == "\"still here\"")
    }

    @Test("Tab completion: globals and table fields")
    func completion() async throws {
        let t = try ReplTestHost()
        defer { t.cleanUp() }
        let s = try await t.session()
        #expect(await s.complete("sms.se") == ReplCompletion(word: "sms.se", candidates: ["sms.segments", "sms.send"]))
        #expect(await s.complete("x = sms.seg").candidates == ["sms.segments"])
        #expect(await s.complete("print(stop").candidates == ["stops"])
        _ = await s.evaluate("account = { owner = { name = 'Ana' } }")
        #expect(await s.complete("account.owner.n") == ReplCompletion(word: "account.owner.n", candidates: ["account.owner.name"]))
        #expect(await s.complete("nothing.here").candidates.isEmpty)
        #expect(await s.complete("wh").candidates == ["while"])
    }
}
