import Foundation
import LuaKit

/// Runs Lua source under Debian's `lua5.4` (installed by .ci/run) and under a Moonwire runtime,
/// from the same file path, so that error positions read alike.
enum StockLua {
    static let interpreter = "/usr/bin/lua5.4"

    /// What `lua5.4 file` printed on stdout. Through popen, not Foundation's `Process`, whose
    /// dispatch sources crashed the test process under load (see ChildProcess in the end-to-end tests).
    static func output(ofFile path: String) throws -> String {
        let quoted = "'" + path.replacingOccurrences(of: "'", with: "'\\''") + "'"
        guard let pipe = popen("\(interpreter) \(quoted)", "r") else {
            throw StockLuaError(description: "cannot run \(interpreter): \(String(cString: strerror(errno)))")
        }
        var output: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = buffer.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, pipe) }
            if n == 0 { break }
            output += buffer[..<n]
        }
        pclose(pipe)
        return String(decoding: output, as: UTF8.self)
    }

    /// Why stock Lua could not be run.
    struct StockLuaError: Error, CustomStringConvertible {
        var description: String
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
