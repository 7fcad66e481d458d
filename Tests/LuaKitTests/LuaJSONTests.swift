import Foundation
import LuaKit
import Testing

/// `json.encode` / `json.decode`: RFC 8259 both ways, Lua's types kept, failures as `nil, err`.
@Suite struct LuaJSONTests {
    /// A runtime whose environment has `json`.
    func withJSON(
        limits: LuaLimits = LuaLimits(runBudget: .seconds(10), memoryLimit: 64 << 20)
    ) async throws -> (LuaRuntime, LuaReference) {
        let (runtime, _) = try makeRuntime(limits: limits)
        let env = try await makeEnvironment(runtime)
        await runtime.withState { state in state.setField(env, "json", state.jsonModule()) }
        return (runtime, env)
    }

    @Test("values encode with integers, floats, escapes and keys in byte order")
    func encodes() async throws {
        let (runtime, env) = try await withJSON()
        let r = try await runtime.run(
            #"""
            return json.encode({ b = 1, a = { 1, 2.5, "x\"\n\1", true, false }, ["é"] = -0.0, c = 1.0, d = math.mininteger }),
                json.encode("plain"), json.encode(42), json.encode(nil), json.encode(json.null), json.encode(1e300)
            """#, env: env)
        #expect(r == [
            #"{"a":[1,2.5,"x\"\n\u0001",true,false],"b":1,"c":1.0,"d":-9223372036854775808,"é":-0.0}"#,
            #""plain""#, "42", "null", "null", "1e+300",
        ])
    }

    @Test("decode keeps integers integers and floats floats; null is json.null")
    func decodes() async throws {
        let (runtime, env) = try await withJSON()
        let r = try await runtime.run(
            #"""
            local v = assert(json.decode[[ {"n": [1, 1.0, 1e2, -0, 9223372036854775807, -9223372036854775808], "s": "a\u00e9\ud83d\ude00\/", "z": null} ]])
            local types = {}
            for i, x in ipairs(v.n) do types[i] = math.type(x) end
            return table.concat(types, ","), v.n[5], v.n[6], v.s, v.z == json.null, tostring(json.null), json.decode("null") == json.null
            """#, env: env)
        #expect(r == [
            "integer,float,float,integer,integer,integer", .integer(.max), .integer(.min), .text("aé😀/"), true, "json.null", true,
        ])
    }

    @Test("an empty table is an object unless marked json.array; decoded arrays stay arrays")
    func emptyTables() async throws {
        let (runtime, env) = try await withJSON()
        let r = try await runtime.run(
            #"""
            local marked = json.array({})
            local decoded = json.decode('{"list": [], "map": {}}')
            return json.encode({}), json.encode(marked), json.encode(json.array()), json.encode(decoded),
                json.encode(json.array({ 1, 2 })), rawequal(json.array(marked), marked)
            """#, env: env)
        #expect(r == ["{}", "[]", "[]", #"{"list":[],"map":{}}"#, "[1,2]", true])
    }

    @Test("indent writes one value per line, keys sorted")
    func indents() async throws {
        let (runtime, env) = try await withJSON()
        let r = try await runtime.run(#"return json.encode({ b = { 1, {} }, a = "x" }, { indent = 2 })"#, env: env)
        #expect(r == [.text("{\n  \"a\": \"x\",\n  \"b\": [\n    1,\n    {}\n  ]\n}")])
    }

    /// Each script returns `err.code` and the detail the message must name.
    static let encodeFailures: [(script: String, code: String, detail: String)] = [
        ("local t = {}; t.self = t; return json.encode({ a = t })", "cycle", "value.a.self"),
        ("return json.encode({ a = { 1, print } })", "unsupported_type", "value.a[2]"),
        ("return json.encode({ x = 0/0 })", "not_finite", "value.x"),
        ("return json.encode({ 1, 2, k = 3 })", "bad_key", "both string keys"),
        ("return json.encode({ [1] = 1, [3] = 3 })", "bad_key", "sparse"),
        ("return json.encode({ [1.5] = true })", "bad_key", "float key"),
        ("return json.encode({ s = 'ok\\255' })", "invalid_utf8", "byte 3"),
        ("local t = {}; local c = t; for i = 1, 300 do c[1] = {}; c = c[1] end; return json.encode(t)", "too_deep", "200"),
    ]

    @Test("what JSON cannot carry is nil, err with the path to it", arguments: 0..<encodeFailures.count)
    func encodeFailure(_ i: Int) async throws {
        let (runtime, env) = try await withJSON()
        let c = Self.encodeFailures[i]
        let r = try await runtime.run(
            "local ok, err = (function() \(c.script) end)(); return ok, err.code, err.message, tostring(err)", env: env)
        #expect(r.first == .nil)
        #expect(r[1] == .text(c.code), "\(r)")
        #expect(r[2].stringValue?.contains(c.detail) == true, "\(r)")
        #expect(r[3].stringValue?.hasPrefix(c.code + ": ") == true, "\(r)")
    }

    static let decodeFailures: [(text: String, code: String, offset: Int)] = [
        (#"{"a": 1,}"#, "invalid_json", 9),
        ("[1, 2", "invalid_json", 6),
        ("[01]", "invalid_json", 2),
        (#"["\u00e9\ud800"]"#, "invalid_utf8", 9),
        ("[\"ok\u{1}\"]", "invalid_json", 5),
        ("[123456789012345678901]", "number_out_of_range", 2),
        ("[1e999]", "number_out_of_range", 2),
        ("[true] x", "invalid_json", 8),
        ("", "invalid_json", 1),
        (String(repeating: "[", count: 201) + String(repeating: "]", count: 201), "too_deep", 201),
    ]

    @Test("malformed text is nil, err with the byte offset", arguments: 0..<decodeFailures.count)
    func decodeFailure(_ i: Int) async throws {
        let (runtime, env) = try await withJSON()
        let c = Self.decodeFailures[i]
        let r = try await runtime.run(
            "local ok, err = json.decode(...); return ok, err.code, err.offset, err.message", env: env, arguments: [.text(c.text)])
        #expect(r.first == .nil)
        #expect(r[1] == .text(c.code), "\(r)")
        #expect(r[2] == .integer(Int64(c.offset)), "\(r)")
        #expect(r[3].stringValue?.contains("at byte \(c.offset)") == true, "\(r)")
    }

    @Test("invalid UTF-8 in the text is refused at its byte")
    func invalidUTF8Text() async throws {
        let (runtime, env) = try await withJSON()
        let r = try await runtime.run(
            #"local ok, err = json.decode('["ab\192\128"]'); return ok, err.code, err.offset"#, env: env)
        #expect(r == [.nil, "invalid_utf8", 5])
    }

    @Test("misuse raises: a non-string to decode, an unknown option")
    func misuseRaises() async throws {
        let (runtime, env) = try await withJSON()
        await #expect(throws: LuaError.self) { _ = try await runtime.run("return json.decode(42)", env: env) }
        let error = await #expect(throws: LuaError.self) {
            _ = try await runtime.run("return json.encode({}, { pretty = true })", env: env)
        }
        #expect(error?.message.contains("unknown option 'pretty'") == true, "\(String(describing: error))")
    }

    /// The suite's files, read from the source tree.
    static let corpus: [String] = {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("JSONTestSuite")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".json") }.sorted()
    }()

    @Test("JSONTestSuite: y_ cases decode and re-encode stably, n_ cases are refused, i_ cases do not crash")
    func jsonTestSuite() async throws {
        #expect(Self.corpus.count == 316, "the corpus has \(Self.corpus.count) files")
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("JSONTestSuite")
        var cases = try Self.corpus.map { ($0, [UInt8](try Data(contentsOf: folder.appendingPathComponent($0)))) }
        cases.append(("n_structure_100000_opening_arrays.json", Array(repeating: UInt8(ascii: "["), count: 100_000)))
        cases.append(("n_structure_open_array_object.json", Array(String(repeating: #"[{"":"#, count: 50_000).utf8) + [0x0A]))
        let (runtime, env) = try await withJSON()
        var wrong: [String] = []
        for (name, bytes) in cases {
            let r = try await runtime.run(
                """
                local v, err = json.decode(...)
                if v == nil then return false, err.code end
                local once, e1 = json.encode(v)
                if not once then return "encode", tostring(e1) end
                local again, e2 = json.decode(once)
                if again == nil then return "decode again", tostring(e2), once end
                local twice, e3 = json.encode(again)
                return once == twice, once, twice or tostring(e3)
                """, env: env, arguments: [.string(LuaString(bytes: bytes))])
            let accepted = r.first == .boolean(true)
            if name.hasPrefix("y_"), !accepted { wrong.append("\(name) refused or unstable: \(r)") }
            if name.hasPrefix("n_"), r.first != .boolean(false) { wrong.append("\(name) accepted: \(r)") }
        }
        #expect(wrong.isEmpty, "\(wrong.joined(separator: "\n"))")
    }

    @Test("a decode that runs past the run's budget is stopped like any Lua loop")
    func budgetStopsDecode() async throws {
        let (runtime, env) = try await withJSON(limits: LuaLimits(runBudget: .milliseconds(100), memoryLimit: 1 << 30))
        let error = await #expect(throws: LuaError.self) {
            _ = try await runtime.run(
                """
                local text = "[" .. ("[1,2,3,4],"):rep(3000000) .. "0]"
                local ok = pcall(json.decode, text)
                return "survived"
                """, env: env, name: "@big.lua")
        }
        #expect(error?.kind == .limit, "\(String(describing: error))")
        #expect(error?.message.contains("time budget") == true, "\(String(describing: error))")
        #expect(try await runtime.run("return json.encode({1})", env: env) == ["[1]"])
    }

    @Test("a decode that would pass the memory limit is nil, err too_large")
    func memoryLimitStopsDecode() async throws {
        let (runtime, env) = try await withJSON(limits: LuaLimits(runBudget: .seconds(30), memoryLimit: 16 << 20))
        let r = try await runtime.run(
            """
            local ok, err = json.decode("[" .. ("[1],"):rep(1000000) .. "0]")
            return ok, err.code
            """, env: env)
        #expect(r == [.nil, "too_large"])
    }
}
