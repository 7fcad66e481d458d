import Foundation
import Testing

/// `moonwire segments`, run as a user runs it.
@Suite(.processSlot)
struct SegmentsCommandTests {
    /// One JSON object from `text`.
    private func object(_ text: some StringProtocol) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "not a JSON object: \(text)")
    }

    /// Every line of `stdout`, each parsed as a JSON object.
    private func objects(_ stdout: String) throws -> [[String: Any]] {
        try stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map { try object($0) }
    }

    /// Runs `moonwire segments --json TEXT` and returns its object.
    private func segmentsJSON(_ text: String, smart: Bool = false) async throws -> [String: Any] {
        let p = try MoonwireProcess()
        defer { p.cleanUp() }
        let r = try await p.run(["segments", "--json"] + (smart ? ["--smart"] : []) + [text])
        #expect(r.status == 0, "\(r.stderr)")
        return try object(r.stdout)
    }

    // MARK: One message

    @Test func lowercaseCedillaForcesUCS2() async throws {
        let json = try await segmentsJSON("Bonjour ça va ?")
        #expect(json["encoding"] as? String == "UCS-2")
        #expect(json["segments"] as? Int == 1)
        #expect(json["characters"] as? Int == 15)
        #expect(json["parts"] as? [String] == ["Bonjour ça va ?"])
        #expect(json["non_gsm"] as? [String] == ["ç"])
    }

    @Test func uppercaseCedillaIsGSM7() async throws {
        let json = try await segmentsJSON("Ça va ?")
        #expect(json["encoding"] as? String == "GSM-7")
        #expect(json["characters"] as? Int == 7)
        #expect(json["non_gsm"] as? [String] == [])
        #expect(json["replacements"] == nil)
    }

    @Test func emojiCountsTwoUTF16Units() async throws {
        let json = try await segmentsJSON("Ton code : 4242 😀")
        #expect(json["encoding"] as? String == "UCS-2")
        #expect(json["characters"] as? Int == 18)
        #expect(json["non_gsm"] as? [String] == ["😀"])
    }

    @Test func longMessageIsSplitIntoParts() async throws {
        let json = try await segmentsJSON(String(repeating: "A", count: 161))
        #expect(json["segments"] as? Int == 2)
        #expect(json["parts"] as? [String] == [String(repeating: "A", count: 153), String(repeating: "A", count: 8)])
    }

    @Test func smartReplacesLookAlikesAndSaysWhat() async throws {
        let json = try await segmentsJSON("« C’est l’été… »", smart: true)
        #expect(json["encoding"] as? String == "GSM-7")
        #expect(json["text"] as? String == "\" C'est l'été... \"")
        let replacements = try #require(json["replacements"] as? [[String: Any]])
        #expect(replacements.map { $0["original"] as? String } == ["«", "’", "…", "»"])
        #expect(replacements.map { $0["replacement"] as? String } == ["\"", "'", "...", "\""])
        #expect(replacements.map { $0["count"] as? Int } == [1, 2, 1, 1])
    }

    @Test func summaryNamesTheOffendingCharacterWithoutColourOnAPipe() async throws {
        let p = try MoonwireProcess()
        defer { p.cleanUp() }
        let r = try await p.run(["segments", "Bonjour ça va ?"])
        #expect(r.status == 0)
        #expect(
            r.stdout == """
                Encoding:   UCS-2, because of "ç" U+00E7
                Segments:   1
                Characters: 15 UTF-16 units (70 fit in one segment, 67 per segment once split)
                Part:       [15] Bonjour ça va ?

                """)
        #expect(!r.stdout.contains("\u{1B}"))
    }

    @Test func summaryListsEachPartWithItsCost() async throws {
        let p = try MoonwireProcess()
        defer { p.cleanUp() }
        let r = try await p.run(["segments", String(repeating: "a", count: 150) + "{x}"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("Segments:   1\n"))
        #expect(r.stdout.contains("Characters: 155 septets"))
        // € would take septets 153 and 154 of the first part, so it opens the second.
        let r2 = try await p.run(["segments", String(repeating: "a", count: 152) + "€bbbbbbbbbb"])
        #expect(r2.stdout.contains("Segments:   2\n"))
        #expect(r2.stdout.contains("Part 1/2:   [152] " + String(repeating: "a", count: 152) + "\n"))
        #expect(r2.stdout.contains("Part 2/2:   [12] €bbbbbbbbbb\n"))
    }

    @Test func summarySuggestsSmartWhenItWouldReachGSM7() async throws {
        let p = try MoonwireProcess()
        defer { p.cleanUp() }
        let plain = try await p.run(["segments", "C’est l’été"])
        #expect(plain.stdout.contains("Tip:        --smart sends this as GSM-7 in 1 segment"))
        let smart = try await p.run(["segments", "--smart", "C’est l’été"])
        #expect(smart.stdout.contains("Replaced:   \"’\" U+2019 → \"'\" ×2\n"))
        #expect(smart.stdout.contains("Part:       [11] C'est l'été\n"))
        #expect(!smart.stdout.contains("Tip"))
        // An emoji stays UCS-2 whatever smart does: no tip.
        #expect(!(try await p.run(["segments", "C’est 😀"])).stdout.contains("Tip"))
    }

    @Test func unquotedMessageIsAUsageErrorThatShowsTheQuoting() async throws {
        let p = try MoonwireProcess()
        defer { p.cleanUp() }
        let r = try await p.run(["segments", "Bonjour", "tout", "le", "monde"])
        #expect(r.status == 64)
        #expect(r.stderr.contains("moonwire segments \"Bonjour tout le monde\""))
        #expect(r.stdout.isEmpty)
    }

    @Test func helpDocumentsTheFieldsAndErrorCodes() async throws {
        let p = try MoonwireProcess()
        defer { p.cleanUp() }
        let r = try await p.run(["segments", "--help"])
        #expect(r.status == 0)
        for word in ["non_gsm", "replacements", "line_too_long", "invalid_utf8", "65536", "Examples:"] {
            #expect(r.stdout.contains(word), "help does not mention \(word)")
        }
    }

    // MARK: Batch

    @Test func batchAnswersEveryLineInOrderAndKeepsGoingPastBadOnes() async throws {
        var input: [UInt8] = []
        func line(_ text: String) { input += Array(text.utf8) + [0x0A] }
        line(#""Bonjour""#)                       // 1
        line(#"{"id": 7, "text": "Ça va ? 😀"}"#)  // 2
        line(#"{"text": "unterminated"#)          // 3 invalid JSON
        input += Array(#""caf"#.utf8) + [0xE9] + Array(#"""#.utf8) + [0x0A]  // 4 Latin-1 é
        line(#"{"text": 42}"#)                    // 5 non-string text
        line(#"{"body": "Bonjour"}"#)             // 6 missing text
        line("")                                  // 7 empty
        line(#""\u00e7a \ud83d\ude00""#)          // 8 escapes
        input += Array(#""last""#.utf8)            // 9 no final LF
        let p = try MoonwireProcess()
        defer { p.cleanUp() }
        let r = try await p.run(["segments"], stdinBytes: input)
        #expect(r.status == 1)
        let rows = try objects(r.stdout)
        try #require(rows.count == 9, "\(r.stdout)")
        #expect(rows.map { $0["line"] as? Int } == Array(1...9))
        func code(_ row: [String: Any]) -> String? { (row["error"] as? [String: Any])?["code"] as? String }
        #expect(rows.map(code) == [nil, nil, "invalid_json", "invalid_utf8", "text_not_string", "missing_text", "empty_line", nil, nil])
        #expect(rows[0]["encoding"] as? String == "GSM-7")
        #expect(rows[1]["encoding"] as? String == "UCS-2")
        #expect(rows[1]["non_gsm"] as? [String] == ["😀"])
        #expect(rows[7]["parts"] as? [String] == ["ça 😀"])
        #expect(rows[8]["parts"] as? [String] == ["last"])
        let message = (rows[3]["error"] as? [String: Any])?["message"] as? String
        #expect(message?.contains("0xE9") == true)
        #expect(message?.contains("UTF-8") == true)
        #expect(r.stderr.contains("5 lines of 9"))
    }

    @Test func batchWithOnlyGoodLinesExitsZero() async throws {
        let p = try MoonwireProcess()
        defer { p.cleanUp() }
        let r = try await p.run(["segments"], stdin: "\"Bonjour\"\r\n{\"text\": \"\"}\r\n")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.isEmpty)
        let rows = try objects(r.stdout)
        #expect(rows.map { $0["parts"] as? [String] } == [["Bonjour"], [""]])
    }

    @Test func batchAppliesSmartToEveryLine() async throws {
        let p = try MoonwireProcess()
        defer { p.cleanUp() }
        let r = try await p.run(["segments", "--smart"], stdin: "\"C’est\"\n\"Bonjour\"\n")
        let rows = try objects(r.stdout)
        #expect(rows.map { $0["text"] as? String } == ["C'est", "Bonjour"])
        #expect(rows.map { ($0["replacements"] as? [Any])?.count } == [1, 0])
    }

    @Test func overlongLineIsReportedAndTheNextOneStillRead() async throws {
        let p = try MoonwireProcess()
        defer { p.cleanUp() }
        let long = "\"" + String(repeating: "a", count: 200_000) + "\""
        let r = try await p.run(["segments"], stdin: long + "\n\"after\"\n")
        #expect(r.status == 1)
        let rows = try objects(r.stdout)
        try #require(rows.count == 2)
        let error = try #require(rows[0]["error"] as? [String: Any])
        #expect(error["code"] as? String == "line_too_long")
        #expect((error["message"] as? String)?.contains("200002") == true)
        #expect(rows[1]["parts"] as? [String] == ["after"])
    }

    @Test func lineAtTheCapIsAccepted() async throws {
        let p = try MoonwireProcess()
        defer { p.cleanUp() }
        let atCap = "\"" + String(repeating: "a", count: 65_534) + "\""
        let r = try await p.run(["segments"], stdin: atCap + "\n" + atCap + "a\n")
        let rows = try objects(r.stdout)
        try #require(rows.count == 2)
        #expect(rows[0]["characters"] as? Int == 65_534)
        #expect((rows[1]["error"] as? [String: Any])?["code"] as? String == "line_too_long")
    }

    @Test func largeBatchKeepsOneAnswerPerLine() async throws {
        let p = try MoonwireProcess()
        defer { p.cleanUp() }
        let count = 20_000
        let input = (0..<count).map { $0 % 2 == 0 ? "\"Message \($0)\"\n" : "{\"text\": \"ç \($0)\"}\n" }.joined()
        let r = try await p.run(["segments"], stdin: input)
        #expect(r.status == 0)
        let rows = try objects(r.stdout)
        #expect(rows.count == count)
        #expect(rows.last?["line"] as? Int == count)
        #expect(rows.last?["parts"] as? [String] == ["ç \(count - 1)"])
    }

    @Test func batchAnswersEachLineBeforeTheNextArrives() async throws {
        let p = try MoonwireProcess()
        defer { p.cleanUp() }
        let child = try p.start(["segments"], input: .pipe)
        defer {
            child.closeInput()
            child.wait()
        }
        // With stdin still open, the first answer must arrive: output is flushed, not held to the end.
        child.write(Array("\"Bonjour\"\n".utf8))
        guard await child.waitForOutput(.stdout, timeout: 20, { $0.contains("\n") }) else {
            child.signal(SIGKILL)
            Issue.record("no answer to the first line while stdin stayed open: \(child.output)")
            return
        }
        #expect(try object(child.stdout.prefix { $0 != "\n" })["parts"] as? [String] == ["Bonjour"])
    }
}
