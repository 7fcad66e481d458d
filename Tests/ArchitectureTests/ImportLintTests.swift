import Foundation
import Testing

/// DESIGN.md §1 as a test: `docs/architecture.txt` says which modules each target may import and
/// which arrows must never exist; every Swift file under `Sources/<Target>/` keeps to it, and
/// Package.swift declares what each target really imports (SwiftPM lets a target import a
/// module it only reaches through another target, so an undeclared arrow would go unseen).
@Suite struct ImportLintTests {
    /// Modules that come with the toolchain: any target may import them.
    static let systemModules: Set<String> = [
        "Foundation", "FoundationEssentials", "FoundationNetworking", "Synchronization", "Dispatch", "Glibc",
        "Darwin", "Musl", "_Concurrency", "Testing", "XCTest",
    ]

    // MARK: - Reading the picture

    @Test func thePictureIsRead() throws {
        let picture = try ArchitecturePicture(text: """
            # comment
            allow Store: SMSCore GRDB   # trailing comment
            allow SMSCore:
            never Store: Engine
            """)
        #expect(picture.allowed == ["Store": ["SMSCore", "GRDB"], "SMSCore": []])
        #expect(picture.never == ["Store": ["Engine"]])
        #expect(throws: ArchitecturePicture.Malformed.self) { try ArchitecturePicture(text: "Store -> Engine") }
    }

    @Test func importsAreFoundWhateverTheirAttributes() {
        let source = """
            import Foundation
            @testable import Store
            public import SMSCore
            @preconcurrency import Logging
            import struct NIOCore.ByteBuffer
            // import Engine (a comment)
            let text = "import Server"
            let quoted = \"\"\"
                import Engine
                \"\"\"
            """
        #expect(ImportLintTests.imports(in: source) == ["Foundation", "Store", "SMSCore", "Logging", "NIOCore"])
    }

    @Test func packageDependenciesAreRead() {
        let manifest = """
            .target(name: "Store", dependencies: ["SMSCore", .product(name: "GRDB", package: "GRDB.swift")],
                    swiftSettings: swiftSettings),
            // .target(name: "Gone", dependencies: ["Old"]),
            .testTarget(name: "StoreTests", dependencies: ["Store"], swiftSettings: swiftSettings),
            .executableTarget(
                name: "moonwire",
                dependencies: [
                    "Engine",  // the runtime
                    .product(name: "ArgumentParser", package: "swift-argument-parser"),
                ]),
            .target(name: "SMSCore", swiftSettings: swiftSettings),
            """
        #expect(ImportLintTests.declaredDependencies(manifest: manifest) == [
            "Store": ["SMSCore", "GRDB"], "StoreTests": ["Store"], "moonwire": ["Engine", "ArgumentParser"], "SMSCore": [],
        ])
    }

    // MARK: - The checks

    @Test func everySourceTargetImportsOnlyWhatThePictureAllows() throws {
        let picture = try ArchitecturePicture(text: String(contentsOf: Self.root.appendingPathComponent("docs/architecture.txt"), encoding: .utf8))
        let targets = try Self.realImports(under: "Sources")
        #expect(targets.count >= 9, "found Swift targets: \(targets.keys.sorted())")
        var wrong: [String] = []
        for (target, files) in targets.sorted(by: { $0.key < $1.key }) {
            guard let allowed = picture.allowed[target] else {
                wrong.append("Sources/\(target) has no `allow \(target):` line in docs/architecture.txt")
                continue
            }
            for (file, modules) in files.sorted(by: { $0.key < $1.key }) {
                for module in modules where !allowed.contains(module) && !Self.systemModules.contains(module) {
                    wrong.append("\(file) imports \(module), which `allow \(target):` does not name")
                }
            }
        }
        #expect(wrong.isEmpty, "imports outside the picture:\n\(wrong.joined(separator: "\n"))")
    }

    @Test func noAllowedArrowIsAForbiddenOne() throws {
        let picture = try ArchitecturePicture(text: String(contentsOf: Self.root.appendingPathComponent("docs/architecture.txt"), encoding: .utf8))
        #expect(!picture.never.isEmpty)
        var contradictions: [String] = []
        for (target, forbidden) in picture.never {
            for module in forbidden where picture.allowed[target]?.contains(module) == true {
                contradictions.append("\(target) -> \(module)")
            }
        }
        #expect(contradictions.isEmpty, "docs/architecture.txt allows arrows it forbids: \(contradictions)")
    }

    @Test func packageSwiftDeclaresEveryRealImport() throws {
        let manifest = try String(contentsOf: Self.root.appendingPathComponent("Package.swift"), encoding: .utf8)
        let declared = Self.declaredDependencies(manifest: manifest)
        var missing: [String] = []
        for folder in ["Sources", "Tests"] {
            for (target, files) in try Self.realImports(under: folder).sorted(by: { $0.key < $1.key }) {
                guard let dependencies = declared[target] else {
                    missing.append("\(folder)/\(target) is not a target in Package.swift")
                    continue
                }
                let used = Set(files.values.joined()).subtracting(Self.systemModules).subtracting([target])
                for module in used.sorted() where !dependencies.contains(module) {
                    missing.append("\(target) imports \(module) without declaring it")
                }
            }
        }
        #expect(missing.isEmpty, "Package.swift is missing dependencies:\n\(missing.joined(separator: "\n"))")
    }

    // MARK: - Helpers

    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The modules each Swift file of each target folder under `folder` imports, keyed by target
    /// then by path relative to the repository.
    static func realImports(under folder: String) throws -> [String: [String: [String]]] {
        let base = root.appendingPathComponent(folder)
        var result: [String: [String: [String]]] = [:]
        for target in try FileManager.default.contentsOfDirectory(atPath: base.path).sorted() {
            let directory = base.appendingPathComponent(target)
            guard let files = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil) else { continue }
            for case let file as URL in files where file.pathExtension == "swift" {
                let text = try String(contentsOf: file, encoding: .utf8)
                let relative = "\(folder)/\(target)/" + file.path.dropFirst(directory.path.count + 1)
                result[target, default: [:]][relative] = imports(in: text)
            }
        }
        return result
    }

    /// The modules `source` imports, in order, each once (`import struct A.B` counts as `A`);
    /// lines inside multi-line string literals are text, not imports.
    static func imports(in source: String) -> [String] {
        let pattern = #/^\s*(?:@\w+(?:\([^)]*\))?\s+)*(?:(?:public|package|internal|fileprivate|private)\s+)?import\s+(?:(?:struct|class|enum|protocol|func|var|let|typealias|actor)\s+)?([A-Za-z_][A-Za-z0-9_]*)/#
        var found: [String] = []
        var inString = false
        for line in source.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.ranges(of: "\"\"\"").count % 2 == 1 { inString.toggle() }
            guard !inString, line.contains("import"), let match = line.firstMatch(of: pattern) else { continue }
            let module = String(match.output.1)
            if !found.contains(module) { found.append(module) }
        }
        return found
    }

    /// Each target's declared dependencies (target names and product names) as Package.swift
    /// writes them: `.target(name: "X", dependencies: ["Y", .product(name: "Z", ...)])`.
    static func declaredDependencies(manifest: String) -> [String: [String]] {
        let text = manifest.split(separator: "\n", omittingEmptySubsequences: false)
            .map { line in line.range(of: "//").map { line[..<$0.lowerBound] } ?? line[...] }
            .joined(separator: "\n")
        let start = #/\.(?:target|executableTarget|testTarget|systemLibrary|plugin)\(\s*name:\s*"([^"]+)"/#
        let starts = text.matches(of: start)
        var result: [String: [String]] = [:]
        for (index, match) in starts.enumerated() {
            let end = index + 1 < starts.count ? starts[index + 1].range.lowerBound : text.endIndex
            let body = text[match.range.upperBound..<end]
            var dependencies: [String] = []
            if let list = body.firstMatch(of: #/dependencies:\s*\[/#) {
                var depth = 1
                var cursor = list.range.upperBound
                while cursor < body.endIndex, depth > 0 {
                    if body[cursor] == "[" { depth += 1 } else if body[cursor] == "]" { depth -= 1 }
                    cursor = body.index(after: cursor)
                }
                let inside = body[list.range.upperBound..<cursor]
                // Every string in the list but a package's name (`package: "swift-nio"`).
                for string in inside.matches(of: #/(package:\s*)?"([^"]+)"/#) where string.output.1 == nil {
                    dependencies.append(String(string.output.2))
                }
            }
            result[String(match.output.1)] = dependencies
        }
        return result
    }
}
