import Foundation

/// Finds the line a key is written on. TOMLKit reports lines for syntax errors only, and an
/// unknown key or a bad value must be named with its line too; the document has already parsed,
/// so a scan for `[table]` headers and `key =` is enough.
struct TOMLKeyLocator {
    private let lines: [Substring]

    init(text: String) {
        lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    }

    /// The 1-based line where `name` is set inside `section` (nil: the top of the file), else the
    /// line of the section's header, else 1.
    func line(section: String?, name: String) -> Int {
        var current: String?
        var header: Int?
        for (index, raw) in lines.enumerated() {
            let line = raw.trimmingPrefix(while: { $0 == " " || $0 == "\t" })
            if line.hasPrefix("[") {
                current = Self.unquoted(line.drop(while: { $0 == "[" }).prefix(while: { $0 != "]" }))
                if current == section { header = index + 1 }
                continue
            }
            guard let equals = line.firstIndex(of: "=") else { continue }
            let key = Self.unquoted(line[..<equals])
            if current == section, key == name { return index + 1 }
            if current == nil, let section, key == "\(section).\(name)" || key == section { return index + 1 }
        }
        return header ?? 1
    }

    /// `"a" . b` → `a.b`: quotes and blanks around dotted parts dropped.
    private static func unquoted(_ text: Substring) -> String {
        text.split(separator: ".").map { part in
            part.trimmingCharacters(in: .init(charactersIn: " \t\"'"))
        }.joined(separator: ".")
    }
}
