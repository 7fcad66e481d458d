import Foundation
import LuaKit
import Testing

/// The library functions that loop in C (patterns, string.rep, table.move/insert/remove/sort) are
/// Moonwire's own: the budget stops them, and they behave as stock Lua's.
@Suite(.serialized) struct BoundedLibraryTests {
    @Test("patterns, string.rep and table.move/insert/remove/sort print what lua5.4 prints")
    func sameAsStockLua() async throws {
        let path = try StockLua.write(StockLuaCorpus.boundedLibrary, name: "corpus.lua")
        let stock = try StockLua.output(ofFile: path)
        #expect(stock.split(separator: "\n").count > 150, "lua5.4 printed: \(stock.prefix(500))")
        let (runtime, output) = try makeRuntime(limits: LuaLimits(runBudget: .seconds(20), memoryLimit: 64 << 20))
        let env = try await makeEnvironment(runtime)
        _ = try await runtime.run(StockLuaCorpus.boundedLibrary, env: env, name: "@" + path)
        let difference = StockLua.firstDifference(stock, output.text)
        #expect(difference == nil, "\(difference ?? "")")
    }

    /// Calls that spin inside C with stock Lua (issue 21).
    static let spinning: [String] = [
        "table.move({}, 1, 1 << 50, 2)",
        #"string.find(("a"):rep(40), ("a*"):rep(40) .. "b")"#,
        #"string.find(("a"):rep(300000), ".-b")"#,
        #"("a"):rep(300000):match(".-b")"#,
        #"for _ in string.gmatch(("a"):rep(40), ("a*"):rep(40) .. "b") do end"#,
        #"string.gsub(("a"):rep(40), ("a*"):rep(40) .. "b", "")"#,
        #"string.find(("a"):rep(4000000), ("a"):rep(2000000) .. "b", 1, true)"#,
        #"string.find(("a"):rep(4000000), ("a"):rep(2000000) .. "b")"#,
        "table.insert(setmetatable({}, { __len = function() return 1 << 50 end }), 1, 0)",
        "table.remove(setmetatable({}, { __len = function() return 1 << 50 end }), 1)",
        "table.sort(setmetatable({}, { __len = function() return (1 << 31) - 2 end, __index = rawlen, __newindex = rawequal }))",
    ]

    @Test("a call that loops inside C stops at the budget, at the user's line", arguments: spinning)
    func spinningCallsStop(_ call: String) async throws {
        let (runtime, _) = try makeRuntime(limits: LuaLimits(runBudget: .milliseconds(200), memoryLimit: 64 << 20))
        let env = try await makeEnvironment(runtime)
        let error = await #expect(throws: LuaError.self) {
            try await runtime.run("local x = 1\n\(call)\nreturn 'finished'", env: env, name: "@spin.lua")
        }
        #expect(error?.kind == .limit)
        #expect(error?.location == "spin.lua:2", "\(String(describing: error))")
        #expect(error?.message.contains("time budget of 200 ms") == true, "\(String(describing: error))")
        // The state still works afterwards.
        #expect(try await runtime.run("return ('b'):rep(3)", env: env) == ["bbb"])
    }

    @Test("pcall cannot swallow a kill raised inside a pattern match")
    func pcallCannotSwallowAKillInC() async throws {
        let (runtime, _) = try makeRuntime(limits: LuaLimits(runBudget: .milliseconds(200), memoryLimit: 64 << 20))
        let env = try await makeEnvironment(runtime)
        let error = await #expect(throws: LuaError.self) {
            try await runtime.run(
                #"""
                local subject, pattern = ("a"):rep(40), ("a*"):rep(40) .. "b"
                for i = 1, 100 do pcall(string.find, subject, pattern) end
                return "survived"
                """#, env: env, name: "@swallow.lua")
        }
        #expect(error?.kind == .limit)
        #expect(error?.location == "swallow.lua:2")
    }

    @Test("an interrupt stops a backtracking pattern")
    func interruptStopsAPattern() async throws {
        let (runtime, _) = try makeRuntime(limits: LuaLimits(runBudget: .seconds(60), memoryLimit: 64 << 20))
        // Interrupted from another task once the script runs, as the REPL's Ctrl-C is.
        let env = try await makeEnvironment(runtime, ready: { Task { runtime.interrupt() } })
        let error = await #expect(throws: LuaError.self) {
            try await runtime.run(#"ready() return string.find(("a"):rep(40), ("a*"):rep(40) .. "b")"#, env: env)
        }
        #expect(error?.kind == .limit)
        #expect(error?.message.contains("interrupted") == true)
    }

    @Test("an empty string.rep costs nothing however many times it repeats")
    func emptyRepIsImmediate() async throws {
        let (runtime, _) = try makeRuntime(limits: LuaLimits(runBudget: .milliseconds(200), memoryLimit: 64 << 20))
        let env = try await makeEnvironment(runtime)
        let r = try await runtime.run(
            #"return string.rep("", 1 << 62), string.rep("", 1 << 40, ""), ("x"):rep(0, ","), #("ab"):rep(3, "--")"#,
            env: env)
        #expect(r == ["", "", "", .integer(10)])
    }

    @Test("string.rep with n == 1 returns s alone, however long the separator")
    func repOnceIgnoresALongSeparator() async throws {
        // The result's buffer holds s only: copying the separator after it overran the buffer
        // (on the C stack when s is short).
        let (runtime, _) = try makeRuntime(limits: LuaLimits(runBudget: .seconds(20), memoryLimit: 64 << 20))
        let env = try await makeEnvironment(runtime)
        let r = try await runtime.run(
            #"""
            local s, sep = ("x"):rep(100), ("y"):rep(5000)
            local big = ("z"):rep(1 << 20)
            return s:rep(1, sep) == s, big:rep(1, big) == big, #s:rep(2, sep)
            """#, env: env)
        #expect(r == [true, true, .integer(5200)])
    }

    @Test("a string.rep of 2^40 separators is refused before anything is copied, as stock Lua does")
    func hugeRepIsRefused() async throws {
        let (runtime, _) = try makeRuntime(limits: LuaLimits(runBudget: .seconds(20), memoryLimit: 16 << 20))
        let env = try await makeEnvironment(runtime)
        let r = try await runtime.run(#"return pcall(string.rep, "", 1 << 40, "x")"#, env: env)
        #expect(r == [false, "resulting string too large"])
    }
}
