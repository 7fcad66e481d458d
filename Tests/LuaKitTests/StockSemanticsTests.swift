import Foundation
import LuaKit
import Testing

/// Where the sandbox removes nothing on purpose, scripts see stock Lua 5.4 (issue 21).
@Suite(.serialized) struct StockSemanticsTests {
    @Test("a wrapped coroutine that calls itself raises, as in stock Lua")
    func wrappedCoroutineCallingItself() async throws {
        let (runtime, _) = try makeRuntime()
        let env = try await makeEnvironment(runtime)
        let r = try await runtime.run(
            "local co\nco = coroutine.wrap(function() local r = co(); return r end)\nreturn pcall(co)", env: env, name: "@self.lua")
        #expect(r == [false, "self.lua:2: cannot resume non-suspended coroutine"])
    }

    @Test("coroutine.resume of the running coroutine returns false and the reason, in that order")
    func resumeRunning() async throws {
        let (runtime, _) = try makeRuntime()
        let env = try await makeEnvironment(runtime)
        let r = try await runtime.run("return coroutine.resume(coroutine.running())", env: env)
        #expect(r == [false, "cannot resume non-suspended coroutine"])
        let dead = try await runtime.run(
            "local co = coroutine.create(function() end)\ncoroutine.resume(co)\nreturn coroutine.resume(co)", env: env)
        #expect(dead == [false, "cannot resume dead coroutine"])
    }

    @Test("coroutine.resume of something that is not a coroutine raises")
    func resumeNotACoroutine() async throws {
        let (runtime, _) = try makeRuntime()
        let env = try await makeEnvironment(runtime)
        let error = await #expect(throws: LuaError.self) {
            try await runtime.run("local x = 1\ncoroutine.resume(0)", env: env, name: "@resume.lua")
        }
        #expect(error?.message == "resume.lua:2: bad argument #1 to 'resume' (thread expected, got number)")
    }

    @Test("an error raised by a pending __close when a wrapped coroutine dies is not lost")
    func wrappedCloseErrorIsKept() async throws {
        let (runtime, _) = try makeRuntime()
        let env = try await makeEnvironment(runtime)
        let r = try await runtime.run(
            """
            local w = coroutine.wrap(function()
              local x <close> = setmetatable({}, { __close = function() error("from close", 0) end })
              error("original")
            end)
            return pcall(w)
            """, env: env)
        #expect(r == [false, "from close"])
    }

    @Test("<close> variables are closed when a script dies of an uncaught error")
    func closeOnUncaughtError() async throws {
        let (runtime, output) = try makeRuntime()
        let env = try await makeEnvironment(runtime)
        let error = await #expect(throws: LuaError.self) {
            try await runtime.run(
                """
                local x <close> = setmetatable({}, { __close = function(_, e) print("closed after: " .. e) end })
                error("boom")
                """, env: env, name: "@close.lua")
        }
        #expect(error?.message == "close.lua:2: boom")
        #expect(output.text == "closed after: close.lua:2: boom\n")
        let replaced = await #expect(throws: LuaError.self) {
            try await runtime.run(
                """
                local x <close> = setmetatable({}, { __close = function() error("close failed") end })
                error("boom")
                """, env: env, name: "@close2.lua")
        }
        #expect(replaced?.message == "close2.lua:1: close failed")
        #expect(replaced?.traceback.contains("close2.lua:2") == true, "the traceback is the original error's")
    }

    @Test("a __close handler that loops after an uncaught error is stopped by the run's budget")
    func loopingCloseAfterErrorIsStopped() async throws {
        let (runtime, _) = try makeRuntime(limits: LuaLimits(runBudget: .milliseconds(200), memoryLimit: 32 << 20))
        let env = try await makeEnvironment(runtime)
        let error = await #expect(throws: LuaError.self) {
            try await runtime.run(
                """
                local x <close> = setmetatable({}, { __close = function() while true do end end })
                error("boom")
                """, env: env, name: "@loopclose.lua")
        }
        #expect(error?.kind == .limit)
        #expect(error?.location == "loopclose.lua:1", "\(String(describing: error))")
        #expect(try await runtime.run("return 1 + 1", env: env) == [2])
    }

    @Test("nested coroutine.close from __close handlers ends in a Lua error, not a crash")
    func nestedCloseIsBounded() async throws {
        let (runtime, _) = try makeRuntime(limits: LuaLimits(runBudget: .seconds(20), memoryLimit: 128 << 20))
        let env = try await makeEnvironment(runtime)
        let error = await #expect(throws: LuaError.self) {
            try await runtime.run(
                """
                local function chain(n)
                  local inner = n > 0 and chain(n - 1) or nil
                  local co = coroutine.create(function()
                    local x <close> = setmetatable({}, { __close = function() if inner then assert(coroutine.close(inner)) end end })
                    coroutine.yield()
                  end)
                  coroutine.resume(co)
                  return co
                end
                assert(coroutine.close(chain(10000)))
                """, env: env, name: "@nest.lua")
        }
        #expect(error?.kind == .runtime)
        #expect(error?.message.hasPrefix("nest.lua:10:") == true, "\(String(describing: error))")
        #expect(error?.message.contains("C stack overflow") == true, "\(String(describing: error))")
        #expect(try await runtime.run("return 1 + 1", env: env) == [2])
    }

    @Test("a budget error inside coroutine.wrap, an xpcall handler or a load reader points at the user's line")
    func budgetErrorLocation() async throws {
        let (runtime, _) = try makeRuntime(limits: LuaLimits(runBudget: .milliseconds(200), memoryLimit: 32 << 20))
        let env = try await makeEnvironment(runtime)
        let scripts = [
            "local f = coroutine.wrap(function() while true do end end)\nf()",
            "local x = 1\nxpcall(function() while true do end end, function(e) return e end)",
            "local x = 1\nload(function() while true do end end)",
            "local x = 1\nfor i = 1, math.huge do pcall(coroutine.wrap(function() for j = 1, 100 do end end)) end",
        ]
        for script in scripts {
            let error = await #expect(throws: LuaError.self) { try await runtime.run(script, env: env, name: "@user.lua") }
            #expect(error?.kind == .limit)
            #expect(error?.location?.hasPrefix("user.lua:") == true, "\(script): \(String(describing: error))")
        }
    }

    @Test("dofile, loadfile and require skip a first line starting with #, keeping line numbers")
    func shebangLineIsSkipped() async throws {
        let folder = try Self.folder([
            "tool.lua": "#!/usr/bin/env moonwire run\nreturn 42\n",
            "broken.lua": "#!/usr/bin/env moonwire run\nerror('here')\n",
        ])
        let (runtime, _) = try makeRuntime()
        let env = try await makeEnvironment(runtime, roots: [folder])
        let r = try await runtime.run(
            "return dofile('tool.lua'), loadfile('tool.lua')(), require('tool'), select(2, pcall(dofile, 'broken.lua'))",
            env: env)
        #expect(r == [42, 42, 42, "broken.lua:2: here"])
    }

    @Test("require of a standard library returns it, even from a file named like it")
    func requireStandardLibraries() async throws {
        let folder = try Self.folder([
            "string.lua": "return 'the file, not the library'\n",
            "uses.lua": "local s = require('string')\nreturn s.upper('ok')\n",
            "a.lua": "return require('b')\n",
            "b.lua": "return require('a')\n",
        ])
        let (runtime, _) = try makeRuntime()
        let env = try await makeEnvironment(runtime, roots: [folder])
        let r = try await runtime.run(
            """
            return require("string") == string, require("table") == table, require("coroutine") == coroutine,
              require("math") == math, require("utf8") == utf8, require("os") == os, require("_G") == _G,
              (require("uses"))
            """, env: env)
        #expect(r == [true, true, true, true, true, true, true, "OK"])
        let loop = await #expect(throws: LuaError.self) { try await runtime.run("require('a')", env: env) }
        #expect(loop?.message.contains("module 'a' requires itself while it loads") == true, "\(String(describing: loop))")
        let removed = await #expect(throws: LuaError.self) { try await runtime.run("require('debug')", env: env) }
        #expect(removed?.message.contains("the sandbox removes it on purpose") == true)
    }

    static func folder(_ files: [String: String]) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("luakit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for (name, text) in files {
            try text.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        return directory.path
    }
}
