import Foundation
import Repl
import Testing

@Suite("History file")
struct HistoryTests {
    func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("moonwire-history-\(UUID().uuidString)").path
    }

    @Test("lines survive a restart, blanks and repeats are skipped, the file is owner-only")
    func persists() throws {
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let first = History(path: path)
        first.add("x = 1")
        first.add("x = 1")
        first.add("   ")
        first.add("print(x)")
        let second = History(path: path)
        #expect(second.entries == ["x = 1", "print(x)"])
        let permissions = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(permissions == 0o600)
        #expect(second.search("x", before: 2) == 1)
        #expect(second.search("x = ", before: 2) == 0)
        #expect(second.search("nothing", before: 2) == nil)
    }

    @Test("only the last entries are kept")
    func trims() {
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let history = History(path: path, limit: 3)
        for i in 1...7 { history.add("line \(i)") }
        #expect(history.entries == ["line 5", "line 6", "line 7"])
        let reloaded = History(path: path, limit: 3)
        #expect(reloaded.entries == ["line 5", "line 6", "line 7"])
        #expect(History.defaultPath(environment: ["MOONWIRE_HISTORY": "", "HOME": "/root"]) == nil)
        #expect(History.defaultPath(environment: ["HOME": "/home/ana"]) == "/home/ana/.moonwire_history")
    }
}
