import Foundation
import LuaKit
import Testing

@Suite struct LuaRuntimeTests {
    @Test func returnsValuesWithIntegersAndFloatsDistinct() async throws {
        let (runtime, _) = try makeRuntime()
        let env = try await makeEnvironment(runtime)
        let r = try await runtime.run("return 1, 1.0, 2^53, 'a\\0b', true, nil, {1, 2, x = {y = 'z'}}", env: env)
        #expect(r.count == 7)
        #expect(r[0] == .integer(1))
        #expect(r[1] == .number(1.0))
        #expect(r[2] == .number(9007199254740992))
        #expect(r[3] == .string(LuaString(bytes: [97, 0, 98])))
        #expect(r[4] == .boolean(true))
        #expect(r[5] == .nil)
        let t = try #require(r[6].tableValue)
        #expect(t.array == [.integer(1), .integer(2)])
        #expect(t["x"]["y"] == "z")
    }

    @Test func stringsAreBytesNotAssumedUTF8() async throws {
        let (runtime, _) = try makeRuntime()
        let env = try await makeEnvironment(runtime)
        let r = try await runtime.run("return '\\xff\\xfe', ...", env: env)
        #expect(r[0] == .string(LuaString(bytes: [0xff, 0xfe])))
        #expect(LuaString(bytes: [0xff]).validText == nil)
    }

    @Test func swiftValuesRoundTripThroughLua() async throws {
        let (runtime, _) = try makeRuntime()
        let env = try await makeEnvironment(runtime)
        let f = try await runtime.withState { state in try state.load("return ...", chunkName: "=id") }
        let input: [LuaValue] = [
            .integer(-7), .number(0.5), .string(LuaString(bytes: [0, 255])), .boolean(false),
            .table(LuaTable(array: [.integer(3)], fields: [.text("k"): .table(LuaTable(["n": .integer(1)]))])),
        ]
        let r = try await runtime.run(f, arguments: input)
        #expect(r == input)
        _ = env
    }

    @Test func swiftErrorIsCatchableWithPcallAndCarriesItsMessage() async throws {
        let (runtime, _) = try makeRuntime()
        let env = try await makeEnvironment(runtime)
        let r = try await runtime.run(
            """
            local ok, err = pcall(function() return fail("disk on fire") end)
            return ok, err
            """, env: env, name: "@script.lua")
        #expect(r[0] == .boolean(false))
        #expect(r[1].stringValue == "script.lua:1: custom failure: disk on fire")
    }

    @Test func uncaughtErrorCarriesLocationAndTraceback() async throws {
        let (runtime, _) = try makeRuntime()
        let env = try await makeEnvironment(runtime)
        let error = await #expect(throws: LuaError.self) {
            try await runtime.run("local x = 1\nlocal function f() error('boom') end\nf()", env: env, name: "@job.lua")
        }
        #expect(error?.kind == .runtime)
        #expect(error?.message == "job.lua:2: boom")
        #expect(error?.location == "job.lua:2")
        #expect(error?.traceback.contains("job.lua:3") == true)
    }

    @Test func syntaxErrorReportsChunkNameAndLine() async throws {
        let (runtime, _) = try makeRuntime()
        let env = try await makeEnvironment(runtime)
        let error = await #expect(throws: LuaError.self) {
            try await runtime.run("local a = 1\n\nlocal = 3", env: env, name: "@broken.lua")
        }
        #expect(error?.kind == .syntax)
        #expect(error?.location == "broken.lua:3")
        #expect(error?.message.hasPrefix("broken.lua:3:") == true)
    }

    @Test func argumentErrorsFollowLuaWording() async throws {
        let (runtime, _) = try makeRuntime()
        let env = try await makeEnvironment(runtime)
        let r = try await runtime.run("return pcall(function() return add(1, {}) end)", env: env, name: "@a.lua")
        #expect(r[1].stringValue == "a.lua:1: bad argument #2 to 'add' (number expected, got table)")
    }

    @Test func errorsFromOneRunDoNotAffectTheNext() async throws {
        let (runtime, _) = try makeRuntime()
        let env = try await makeEnvironment(runtime)
        _ = try? await runtime.run("error('first')", env: env)
        let r = try await runtime.run("return add(40, 2)", env: env)
        #expect(r == [.integer(42)])
    }
}
