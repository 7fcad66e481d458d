import Foundation
import Testing

/// DESIGN.md §2.1: no Swift file may name a Lua API that raises or yields (they longjmp, and a
/// longjmp must never cross a Swift frame). Such calls belong in CLuaShims, in C.
@Suite struct LongjmpLintTests {
    static let forbidden: [String] = [
        "lua_error", "luaL_error", "luaL_check", "luaL_arg", "lua_call", "lua_yield", "lua_concat", "lua_arith",
        "lua_compare", "luaL_tolstring", "lua_gettable", "lua_settable", "lua_getfield", "lua_setfield",
        "lua_geti", "lua_seti", "lua_getglobal", "lua_setglobal", "lua_len", "luaL_len", "luaL_dostring",
        "luaL_dofile", "luaL_loadstring", "luaL_loadfile", "luaL_requiref",
    ]

    static func offenders(in text: String) -> [String] {
        forbidden.filter { name in
            // Match the identifier itself, not a longer one such as lua_callk's neighbours.
            var search = text[...]
            while let range = search.range(of: name) {
                let before = range.lowerBound == text.startIndex ? nil : text[text.index(before: range.lowerBound)]
                if before.map({ !($0.isLetter || $0.isNumber || $0 == "_") }) ?? true { return true }
                search = text[range.upperBound...]
            }
            return false
        }
    }

    @Test func lintCatchesAForbiddenCall() {
        #expect(Self.offenders(in: "    lua_error(L)") == ["lua_error"])
        #expect(Self.offenders(in: "luaL_checkinteger(L, 1)") == ["luaL_check"])
        #expect(Self.offenders(in: "lua_callk(L, 0, 0, 0, nil)") == ["lua_call"])
        #expect(Self.offenders(in: "clua_pcall(L, 0, 0)").isEmpty)
    }

    @Test func noSwiftSourceNamesARaisingOrYieldingLuaAPI() throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Sources")
        let files = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" } ?? []
        #expect(files.count > 10)
        var found: [String] = []
        for file in files {
            let text = try String(contentsOf: file, encoding: .utf8)
            for name in Self.offenders(in: text) { found.append("\(file.lastPathComponent): \(name)") }
        }
        #expect(found.isEmpty, "raising/yielding Lua APIs named in Swift: \(found)")
    }
}
