import Foundation
import LuaKit
import Testing

@Suite struct SandboxTests {
    @Test func dangerousFunctionsAreAbsent() async throws {
        let (runtime, _) = try makeRuntime()
        let env = try await makeEnvironment(runtime)
        let r = try await runtime.run(
            """
            return os.execute == nil, io == nil, debug == nil, package == nil, string.dump == nil,
                   ("").dump == nil, os.exit == nil, os.getenv == nil, getmetatable("") == "string",
                   os.time ~= nil, rawget(_G, "_G") == _G
            """, env: env)
        #expect(r == Array(repeating: .boolean(true), count: 11))
    }

    @Test func binaryChunksAreRefused() async throws {
        let (runtime, _) = try makeRuntime()
        let env = try await makeEnvironment(runtime)
        // A real binary chunk made by the state itself, before the sandbox hid string.dump.
        let binary = try await runtime.withState { state in
            let dump = try state.load("return string.dump", chunkName: "=dump")
            _ = dump
            return try state.call(state.load("local f = function() return 1 end; return string.dump ~= nil", chunkName: "=x"))
        }
        #expect(binary == [.boolean(false)])  // the real string library was sanitised too
        let r = try await runtime.run(
            """
            local bytes = "\\27Lua\\84\\0\\25\\147\\13\\10\\26\\10\\4\\8\\8\\120\\86\\0\\0"
            local f1, e1 = load(bytes)
            local f2, e2 = load("return 1", "x", "b")
            return f1 == nil, e1, f2 == nil, e2
            """, env: env)
        #expect(r[0] == .boolean(true))
        #expect(r[1].stringValue?.contains("binary chunks are not allowed") == true)
        #expect(r[2] == .boolean(true))
        #expect(r[3].stringValue?.contains("binary chunks are not allowed") == true)
    }

    @Test func loadDefaultsToTheSandboxEnvironment() async throws {
        let (runtime, _) = try makeRuntime()
        let env = try await makeEnvironment(runtime)
        let r = try await runtime.run("secret = 7; return load('return secret, io')()", env: env)
        #expect(r == [.integer(7), .nil])
    }

    @Test func setmetatableRefusesGC() async throws {
        let (runtime, _) = try makeRuntime()
        let env = try await makeEnvironment(runtime)
        let r = try await runtime.run("return pcall(setmetatable, {}, {__gc = function() end})", env: env)
        #expect(r[0] == .boolean(false))
        #expect(r[1].stringValue?.contains("__gc metamethods are not allowed") == true)
        let ok = try await runtime.run("return getmetatable(setmetatable({}, {__index = {a = 1}})).__index.a", env: env)
        #expect(ok == [.integer(1)])
    }

    @Test func environmentsAreIsolated() async throws {
        let (runtime, _) = try makeRuntime()
        let a = try await makeEnvironment(runtime)
        let b = try await makeEnvironment(runtime)
        _ = try await runtime.run("shared = 1; string.upper = nil; math.pi = 3", env: a)
        let r = try await runtime.run("return shared, string.upper('x'), math.pi > 3.1", env: b)
        #expect(r == [.nil, "X", true])
    }

    @Test func loadfileReadsOnlyInsideAllowedRoots() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("moonwire-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("lib"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try "return { answer = 42 }".write(to: dir.appendingPathComponent("lib/util.lua"), atomically: true, encoding: .utf8)
        let (runtime, _) = try makeRuntime()
        let env = try await makeEnvironment(runtime, roots: [dir.path])
        let r = try await runtime.run(
            """
            local util = require("lib.util")
            local f, err = loadfile("/etc/passwd")
            local g, err2 = loadfile("../../../../etc/hostname")
            local ok3, err3 = pcall(require, "../../../../etc/passwd")
            local ok4, err4 = pcall(dofile, "/etc/passwd")
            return util.answer, dofile("lib/util.lua").answer, f, err, g, err2, ok3, err3, ok4, err4
            """, env: env)
        #expect(r[0] == .integer(42))
        #expect(r[1] == .integer(42))
        #expect(r[2] == .nil)
        #expect(r[3].stringValue?.contains("outside the allowed folders") == true)
        #expect(r[4] == .nil)
        #expect(r[5].stringValue?.contains("outside the allowed folders") == true)
        // require and dofile raise a readable message (Lua's own convention), not a table.
        #expect(r[6] == .boolean(false))
        #expect(r[7].stringValue?.contains("module '../../../../etc/passwd' not found") == true)
        #expect(r[8] == .boolean(false))
        #expect(r[9].stringValue?.contains("cannot open /etc/passwd") == true)
    }
}
