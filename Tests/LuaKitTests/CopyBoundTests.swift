import LuaKit
import Testing

/// Copies from Lua into Swift are bounded (issue 21): shared sub-tables cannot make a copy grow
/// past the ceiling, and a binding refuses an oversized string before copying it.
@Suite struct CopyBoundTests {
    @Test("a table sharing its sub-tables 2^40 ways is refused fast, at the user's line")
    func sharedSubTablesAreBounded() async throws {
        let (runtime, _) = try makeRuntime(limits: LuaLimits(runBudget: .seconds(20), memoryLimit: 32 << 20))
        let env = try await makeEnvironment(runtime)
        let error = await #expect(throws: LuaError.self) {
            try await runtime.run("local t = {}\nfor i = 1, 40 do t = { t, t } end\necho(t)", env: env, name: "@share.lua")
        }
        #expect(error?.kind == .runtime)
        #expect(
            error?.message.hasPrefix("share.lua:3: table is too large to copy: more than 100000 values") == true,
            "\(String(describing: error))")
        // A table that shares a sub-table a few times is still copied whole.
        let r = try await runtime.run("local s = { 1, 2 }\nlocal t = echo({ a = s, b = s })\nreturn t.a[2] + t.b[1]", env: env)
        #expect(r == [3])
    }

    @Test("a copy that would outgrow what the ceiling has left is refused")
    func copyCountsAgainstTheCeiling() async throws {
        let (runtime, _) = try makeRuntime(limits: LuaLimits(runBudget: .seconds(20), memoryLimit: 24 << 20))
        let env = try await makeEnvironment(runtime)
        let error = await #expect(throws: LuaError.self) {
            try await runtime.run("local big = ('x'):rep(10 << 20)\necho({ big, big, big })", env: env, name: "@big.lua")
        }
        #expect(error?.message.hasPrefix("big.lua:2: value is too large to copy") == true, "\(String(describing: error))")
    }

    @Test("bytes(_:atMost:what:) refuses an oversized string without copying it")
    func oversizedStringIsRefused() async throws {
        let (runtime, _) = try makeRuntime(limits: LuaLimits(runBudget: .seconds(20), memoryLimit: 256 << 20))
        let env = try await makeEnvironment(runtime)
        await runtime.withState { state in
            state.setField(env, "small", state.function("small") { call in
                call.push(Int64(try call.bytes(1, atMost: 10, what: "text").bytes.count))
                return 1
            })
        }
        #expect(try await runtime.run("return small('0123456789')", env: env) == [10])
        let error = await #expect(throws: LuaError.self) {
            try await runtime.run("local s = ('x'):rep(120000000)\nsmall(s)", env: env, name: "@huge.lua")
        }
        #expect(error?.message == "huge.lua:2: bad argument #1 to 'small' (text is 120000000 bytes; at most 10 bytes are accepted)")
    }
}
