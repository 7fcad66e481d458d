import Foundation
import Testing

/// Issue 17: GRDB stays inside the SQLite backend. No Swift file under `Sources/` outside
/// `Sources/StoreSQLite/` imports it, and no type outside it takes a GRDB protocol (or GRDB's
/// `Record` class) in its inheritance clause, so a second backend needs no GRDB and no row type
/// drags GRDB into its users.
@Suite struct GRDBConfinementTests {
    /// The folder of the one target allowed to see GRDB.
    static let backend = "Sources/StoreSQLite/"

    /// GRDB's protocols (and its `Record` base class) a type could adopt to be stored by GRDB.
    static let grdbConformances: Set<String> = [
        "FetchableRecord", "PersistableRecord", "MutablePersistableRecord", "TableRecord", "EncodableRecord",
        "Record", "DatabaseValueConvertible", "StatementColumnConvertible", "SQLExpressible", "SQLSpecificExpressible",
        "SQLOrderingTerm", "SQLSelectable", "SQLExpression", "ColumnExpression", "FetchRequest", "DerivableRequest",
        "DatabaseRegionConvertible", "TransactionObserver", "DatabaseReader", "DatabaseWriter", "DatabaseFunction",
        "DatabaseAggregate",
    ]

    // MARK: - Reading declarations

    @Test func grdbConformancesAreFoundInDeclarations() {
        let source = """
            public struct Plain: Sendable, Hashable {}
            public struct Stored: Codable,
                Sendable, FetchableRecord,
                MutablePersistableRecord
            {
                // struct NotADeclaration: TableRecord (a comment)
            }
            extension Plain: GRDB.DatabaseValueConvertible {}
            final class Legacy: Record {}
            enum Generic<T: Sendable>: String, Sendable { case a }
            let text = "struct Quoted: FetchableRecord {}"
            """
        #expect(Self.grdbConformances(in: source) == [
            "Stored: FetchableRecord", "Stored: MutablePersistableRecord", "Plain: DatabaseValueConvertible",
            "Legacy: Record",
        ])
    }

    // MARK: - The checks

    @Test func noFileOutsideTheSQLiteBackendImportsGRDB() throws {
        let targets = try ImportLintTests.realImports(under: "Sources")
        var wrong: [String] = []
        for (_, files) in targets {
            for (file, modules) in files where !file.hasPrefix(Self.backend) && modules.contains("GRDB") {
                wrong.append(file)
            }
        }
        #expect(wrong.sorted() == [], "only \(Self.backend) may import GRDB; move the GRDB code there")
    }

    @Test func noTypeOutsideTheSQLiteBackendConformsToAGRDBProtocol() throws {
        let base = ImportLintTests.root.appendingPathComponent("Sources")
        var wrong: [String] = []
        guard let files = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil) else {
            Issue.record("cannot list \(base.path)")
            return
        }
        var scanned = 0
        for case let file as URL in files where file.pathExtension == "swift" {
            let relative = "Sources/" + file.path.dropFirst(base.path.count + 1)
            guard !relative.hasPrefix(Self.backend) else { continue }
            scanned += 1
            for conformance in Self.grdbConformances(in: try String(contentsOf: file, encoding: .utf8)) {
                wrong.append("\(relative): \(conformance)")
            }
        }
        #expect(scanned > 100, "found only \(scanned) Swift files under Sources")
        #expect(wrong == [], "types outside \(Self.backend) adopt GRDB protocols; map them inside the backend instead")
    }

    // MARK: - Helpers

    /// `Type: Protocol` for every GRDB protocol named in the inheritance clause of a type or
    /// extension declared in `source` (comments and string literals are skipped).
    static func grdbConformances(in source: String) -> [String] {
        let code = withoutCommentsAndStrings(source)
        let declaration =
            #/\b(?:struct|class|enum|actor|protocol|extension)\s+([A-Za-z_][A-Za-z0-9_.]*)\s*(?:<[^>{]*>)?\s*:([^{]*)\{/#
        var found: [String] = []
        for match in code.matches(of: declaration) {
            let name = String(match.output.1.split(separator: ".").last ?? match.output.1)
            let clause = match.output.2.split(separator: "where").first ?? match.output.2
            for inherited in clause.split(separator: ",") {
                let type = inherited.trimmingCharacters(in: .whitespacesAndNewlines)
                let last = String(type.split(separator: ".").last ?? Substring(type))
                if grdbConformances.contains(last) { found.append("\(name): \(last)") }
            }
        }
        return found
    }

    /// `source` with `//` and `/* */` comments and string literals blanked out.
    static func withoutCommentsAndStrings(_ source: String) -> String {
        var result = ""
        var iterator = Array(source)[...]
        while let character = iterator.first {
            if iterator.starts(with: "//") {
                iterator = iterator.drop { $0 != "\n" }
            } else if iterator.starts(with: "/*") {
                let rest = iterator.dropFirst(2)
                let end = rest.indices.first { rest[$0...].starts(with: "*/") } ?? rest.endIndex
                iterator = rest[end...].dropFirst(2)
                result.append(" ")
            } else if iterator.starts(with: "\"\"\"") {
                let rest = iterator.dropFirst(3)
                let end = rest.indices.first { rest[$0...].starts(with: "\"\"\"") } ?? rest.endIndex
                iterator = rest[end...].dropFirst(3)
                result.append("\"\"")
            } else if character == "\"" {
                var rest = iterator.dropFirst()
                while let next = rest.first, next != "\"", next != "\n" {
                    rest = rest.dropFirst(next == "\\" ? 2 : 1)
                }
                iterator = rest.dropFirst()
                result.append("\"\"")
            } else {
                result.append(character)
                iterator = iterator.dropFirst()
            }
        }
        return result
    }
}
