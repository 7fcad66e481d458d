import LuaKit
import Testing

@Suite("Expected failures come back as nil, err")
struct FailureTests {
    /// `find(key)` fails synchronously, `fetch(key)` after suspending.
    func environment(_ runtime: LuaRuntime) async throws -> LuaReference {
        try await runtime.withState { state in
            let env = try state.makeEnvironment()
            state.setField(env, "find", state.function("find") { call in
                throw LuaFailure(code: "not_found", message: "no \(try call.string(1))", extra: ["retryable": false])
            })
            state.setField(env, "fetch", state.function("fetch") { call in
                let key = try call.string(1)
                return try call.suspend {
                    await Task.yield()
                    throw LuaFailure(code: "timeout", message: "\(key) timed out", extra: ["retryable": true])
                }
            })
            return env
        }
    }

    @Test("a thrown LuaFailure returns nil, err, sync or after suspending, and err prints as code: message")
    func failures() async throws {
        let (runtime, _) = try makeRuntime()
        let env = try await environment(runtime)
        let r = try await runtime.run(
            """
            local a, e1 = find("x")
            local b, e2 = fetch("y")
            return a, e1.code, e1.message, e1.retryable, tostring(e1), b, e2.code, e2.retryable, tostring(e2),
                   getmetatable(e1), pcall(setmetatable, e1, {})
            """, env: env)
        #expect(r[0] == .nil)
        #expect(r[1] == "not_found")
        #expect(r[2] == "no x")
        #expect(r[3] == .boolean(false))
        #expect(r[4] == "not_found: no x")
        #expect(r[5] == .nil)
        #expect(r[6] == "timeout")
        #expect(r[7] == .boolean(true))
        #expect(r[8] == "timeout: y timed out")
        #expect(r[9] == "failure")  // the shared metatable is locked
        #expect(r[10] == .boolean(false))
    }

    @Test("assert on a failure raises its message, located at the caller")
    func assertRaises() async throws {
        let (runtime, _) = try makeRuntime()
        let env = try await environment(runtime)
        let error = await #expect(throws: LuaError.self) {
            try await runtime.run("local x = 1\nassert(fetch('z'))", env: env, name: "@a.lua")
        }
        #expect(error?.message.contains("timeout: z timed out") == true)
        #expect(error?.location == "a.lua:2")  // a table error has no position of its own
    }
}
