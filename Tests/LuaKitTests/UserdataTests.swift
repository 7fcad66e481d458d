import LuaKit
import Synchronization
import Testing

/// A Swift object exposed to Lua; its deinit is counted so the test sees `__gc` release it.
final class Counter {
    let value: Int
    let tally: Tally?
    init(value: Int, tally: Tally? = nil) {
        self.value = value
        self.tally = tally
    }
    deinit { tally?.collected.withLock { $0 += 1 } }
}

final class Tally: Sendable {
    let collected = Mutex(0)
}

@Suite struct UserdataTests {
    @Test func methodsWorkAndGCReleasesTheSwiftObject() async throws {
        let (runtime, _) = try makeRuntime()
        let tally = Tally()
        let env = try await runtime.withState { state in
            let env = try state.makeEnvironment()
            state.registerType("Counter", methods: [
                "value": { call in
                    call.push(try call.object(1, as: Counter.self, typeName: "Counter").value)
                    return 1
                }
            ], metamethods: [
                "__tostring": { call in
                    call.push("Counter(\(try call.object(1, as: Counter.self, typeName: "Counter").value))")
                    return 1
                }
            ])
            state.setField(env, "counter", state.function("counter") { call in
                let n = Int(try call.integer(1))
                call.push(object: Counter(value: n), typeName: "Counter")
                return 1
            })
            state.setField(env, "tracked", state.function("tracked") { call in
                call.push(object: Counter(value: 0, tally: tally), typeName: "Counter")
                return 1
            })
            return env
        }
        let r: [LuaValue] = try await runtime.run(
            "local c = counter(5); return c:value(), tostring(c), getmetatable(c), pcall(setmetatable, c, {})", env: env)
        #expect(r[0] == .integer(5))
        #expect(r[1] == "Counter(5)")
        #expect(r[2] == "Counter")
        #expect(r[3] == .boolean(false))
        _ = try await runtime.run("for i = 1, 100 do tracked() end", env: env)
        await runtime.collectGarbage()
        #expect(tally.collected.withLock { $0 } == 100)
    }
}

