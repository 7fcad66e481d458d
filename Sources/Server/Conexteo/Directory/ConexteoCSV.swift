import Foundation

/// An uploaded CSV or plain-text file read into rows: UTF-8 (with or without a BOM) or, failing
/// that, Latin-1 as spreadsheets often save it; `;`, `,` or tab separators (whichever the first
/// line uses most — French spreadsheets write `;`); double-quoted fields with `""` escapes.
struct ConexteoCSV: Sendable {
    /// One non-blank line.
    struct Row: Sendable {
        /// The 1-based line number in the file.
        var line: Int
        /// Its fields, trimmed.
        var fields: [String]
    }

    /// The non-blank lines, in order.
    var rows: [Row]

    init(_ bytes: [UInt8]) {
        var text = String(validating: bytes, as: UTF8.self) ?? String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) }))
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
        let separator = Self.separator(firstLine: lines.first { !$0.allSatisfy(\.isWhitespace) } ?? "")
        rows = lines.enumerated().compactMap { index, line in
            guard !line.allSatisfy(\.isWhitespace) else { return nil }
            return Row(line: index + 1, fields: Self.fields(line, separator: separator))
        }
    }

    /// The separator the first line uses most, `,` when it uses none.
    static func separator(firstLine: Substring) -> Character {
        let counts: [(Character, Int)] = [";", ",", "\t"].map { candidate in
            (candidate, firstLine.filter { $0 == candidate }.count)
        }
        let best = counts.max { $0.1 < $1.1 }!
        return best.1 > 0 ? best.0 : ","
    }

    /// The fields of one line, quotes removed.
    static func fields(_ line: Substring, separator: Character) -> [String] {
        var fields: [String] = []
        var current = ""
        var quoted = false
        var index = line.startIndex
        while index < line.endIndex {
            let character = line[index]
            index = line.index(after: index)
            if quoted {
                if character == "\"" {
                    if index < line.endIndex, line[index] == "\"" {
                        current.append("\"")
                        index = line.index(after: index)
                    } else {
                        quoted = false
                    }
                } else {
                    current.append(character)
                }
            } else if character == "\"" && current.allSatisfy(\.isWhitespace) {
                current = ""
                quoted = true
            } else if character == separator {
                fields.append(current.trimmingCharacters(in: .whitespaces))
                current = ""
            } else {
                current.append(character)
            }
        }
        fields.append(current.trimmingCharacters(in: .whitespaces))
        return fields
    }
}
