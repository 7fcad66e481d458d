import Foundation
import LuaKit

/// Runs Lua source under Debian's `lua5.4` (installed by .ci/run) and under a Moonwire runtime,
/// from the same file path, so that error positions read alike.
enum StockLua {
    static let interpreter = "/usr/bin/lua5.4"

    /// What `lua5.4 file` printed on stdout, or nil if it could not run.
    static func output(ofFile path: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: interpreter)
        process.arguments = [path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    /// Writes `source` to a fresh temporary file and returns its path.
    static func write(_ source: String, name: String) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("luakit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let url = directory.appendingPathComponent(name)
        try source.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    /// The first line where the two outputs differ, as "line N:\n  stock: ...\n  ours:  ...".
    static func firstDifference(_ stock: String, _ ours: String) -> String? {
        let a = stock.split(separator: "\n", omittingEmptySubsequences: false)
        let b = ours.split(separator: "\n", omittingEmptySubsequences: false)
        for i in 0..<max(a.count, b.count) {
            let x = i < a.count ? String(a[i]) : "<none>"
            let y = i < b.count ? String(b[i]) : "<none>"
            if x != y { return "line \(i + 1):\n  stock: \(x)\n  ours:  \(y)" }
        }
        return nil
    }
}
