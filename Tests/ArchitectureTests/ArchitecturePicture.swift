import Foundation

/// `docs/architecture.txt` read: per target, the modules it may import and those it must never.
struct ArchitecturePicture: Sendable, Equatable {
    /// A line that is neither `allow T: ...`, `never T: ...`, a comment nor blank.
    struct Malformed: Error, CustomStringConvertible {
        let line: Int
        let text: String
        var description: String { "docs/architecture.txt:\(line): \"\(text)\" is not `allow|never <Target>: <module> ...`" }
    }

    /// Target → modules its files may import.
    var allowed: [String: Set<String>] = [:]
    /// Target → modules it must never import.
    var never: [String: Set<String>] = [:]

    /// Parses the file's text.
    init(text: String) throws {
        for (number, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = (raw.firstIndex(of: "#").map { raw[..<$0] } ?? raw[...]).trimmingCharacters(in: .whitespaces)
            if line.isEmpty { continue }
            guard let match = line.wholeMatch(of: #/(allow|never)\s+([A-Za-z_][A-Za-z0-9_]*)\s*:\s*(.*)/#) else {
                throw Malformed(line: number + 1, text: String(raw))
            }
            let modules = Set(match.output.3.split(separator: " ", omittingEmptySubsequences: true).map(String.init))
            if match.output.1 == "allow" {
                allowed[String(match.output.2), default: []].formUnion(modules)
            } else {
                never[String(match.output.2), default: []].formUnion(modules)
            }
        }
    }
}
