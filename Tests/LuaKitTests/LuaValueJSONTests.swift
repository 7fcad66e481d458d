import LuaKit
import Testing

/// JSON for values held in Swift (the flow journal, vars, state): the `json` module's grammar,
/// with the rules of stored values.
@Suite struct LuaValueJSONTests {
    @Test("a journal's values round-trip: integers and floats kept, nil holes as null, nested tables, keys in byte order")
    func roundTrip() throws {
        let value = LuaValue.table(
            LuaTable([
                "values": .table(LuaTable(array: [.nil, .table(LuaTable(["code": .text("timeout"), "retryable": .boolean(true)]))])),
                "n": .integer(-9_223_372_036_854_775_808), "f": .number(3.0), "g": .number(0.1), "s": .text("é\"\\\n\u{1}"),
                "b": .text("second"), "a": .text("first"),
            ]))
        let text = value.json
        #expect(text.hasPrefix(#"{"a":"first","b":"second","f":3.0,"g":0.1,"n":-9223372036854775808,"s":"é\"\\\n\u0001","values":[null,{"#))
        #expect(try LuaValue(json: text) == value)
    }

    @Test("writing never fails: NaN is null, bytes that are not UTF-8 become U+FFFD, a mixed table is an object, functions null")
    func lenientWriting() throws {
        #expect(LuaValue.number(.nan).json == "null")
        #expect(LuaValue.string(LuaString(bytes: [0x61, 0xFF, 0x62])).json == "\"a\u{FFFD}b\"")
        let mixed = LuaValue.table(LuaTable(array: [.text("x")], fields: [.text("k"): .integer(2), .integer(10): .boolean(false)]))
        #expect(mixed.json == #"{"1":"x","10":false,"k":2}"#)
        #expect(LuaValue.table(LuaTable()).json == "{}")
    }

    @Test("reading: null members are left out, [] is an empty table, bad text is invalid_json with its byte, big integers refused")
    func reading() throws {
        #expect(try LuaValue(json: #"{"a":null,"b":[],"c":[1,null,2.5]}"#)
            == .table(LuaTable(["b": .table(LuaTable()), "c": .table(LuaTable(array: [.integer(1), .nil, .number(2.5)]))])))
        let bad = #expect(throws: LuaFailure.self) { try LuaValue(json: #"{"a": 1,}"#) }
        #expect(bad?.code == "invalid_json")
        #expect(bad?.extra["offset"] == .integer(9))
        let big = #expect(throws: LuaFailure.self) { try LuaValue(json: "123456789012345678901234") }
        #expect(big?.code == "number_out_of_range")
    }
}
