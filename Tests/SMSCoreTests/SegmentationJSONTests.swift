import Foundation
import Testing
@testable import SMSCore

struct SegmentationJSONTests {
    let segmenter = Segmenter()

    /// Parses `json` with Foundation, the independent judge of whether it is valid JSON.
    private func object(_ json: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    }

    @Test func gsm7MessageHasTheDocumentedFieldsInOrder() {
        #expect(
            segmenter.segment("Ça va ?").json()
                == #"{"encoding":"GSM-7","segments":1,"characters":7,"parts":["Ça va ?"],"non_gsm":[]}"#)
    }

    @Test func ucs2MessageListsWhatForcedIt() throws {
        let json = try object(segmenter.segment("ça 😀").json())
        #expect(json["encoding"] as? String == "UCS-2")
        #expect(json["segments"] as? Int == 1)
        #expect(json["characters"] as? Int == 5)
        #expect(json["parts"] as? [String] == ["ça 😀"])
        #expect(json["non_gsm"] as? [String] == ["ç", "😀"])
        #expect(json["replacements"] == nil)
        #expect(json["text"] == nil)
    }

    @Test func smartAddsReplacementsAndTheReplacedText() throws {
        let json = try object(segmenter.segment("C’est l’été…", smart: true).json(smart: true))
        #expect(json["encoding"] as? String == "GSM-7")
        #expect(json["text"] as? String == "C'est l'été...")
        let replacements = try #require(json["replacements"] as? [[String: Any]])
        #expect(replacements.map { $0["original"] as? String } == ["’", "…"])
        #expect(replacements.map { $0["replacement"] as? String } == ["'", "..."])
        #expect(replacements.map { $0["count"] as? Int } == [2, 1])
    }

    @Test func smartWithNothingToReplaceStillHasItsFields() throws {
        let json = try object(segmenter.segment("Bonjour", smart: true).json(smart: true))
        #expect((json["replacements"] as? [Any])?.isEmpty == true)
        #expect(json["text"] as? String == "Bonjour")
    }

    @Test func removedCharacterHasAnEmptyReplacement() throws {
        let json = try object(segmenter.segment("a\u{200B}b", smart: true).json(smart: true))
        let replacements = try #require(json["replacements"] as? [[String: Any]])
        #expect(replacements.first?["replacement"] as? String == "")
    }

    @Test(arguments: [
        "quote \" and backslash \\", "line\nbreak and CR LF\r\n", "tab\tand form feed \u{0C}",
        "controls \u{00}\u{01}\u{1B}\u{1F}\u{7F}", "slash / and U+2028 \u{2028}", "e\u{301} 👨‍👩‍👧 🇫🇷",
    ])
    func trickyTextRoundTrips(_ text: String) throws {
        let segmentation = segmenter.segment(text)
        let json = try object(segmentation.json())
        let parts = try #require(json["parts"] as? [String])
        // Compare bytes: String == would accept a canonically equivalent but different text.
        #expect(bytes(parts) == bytes(segmentation.parts))
        #expect(bytes(json["non_gsm"] as? [String] ?? []) == bytes(segmentation.nonGSM))
    }

    @Test func multipartMessageListsEveryPart() throws {
        let json = try object(segmenter.segment(repeated("A", 161)).json())
        #expect(json["segments"] as? Int == 2)
        #expect(json["parts"] as? [String] == [repeated("A", 153), repeated("A", 8)])
    }

    @Test func appendedMembersFitInACallersObject() throws {
        var output = Array(#"{"line":3,"#.utf8)
        segmenter.segment("Hi").appendJSONMembers(to: &output)
        output.append(UInt8(ascii: "}"))
        let json = try object(String(decoding: output, as: UTF8.self))
        #expect(json["line"] as? Int == 3)
        #expect(json["encoding"] as? String == "GSM-7")
    }

    @Test(arguments: [0, 7, 10, 160, -3, Int.max])
    func integersAreWrittenInDecimal(_ value: Int) {
        var output: [UInt8] = []
        JSONString.append(value, to: &output)
        #expect(String(decoding: output, as: UTF8.self) == String(value))
    }

    @Test func stringsUseTheShortEscapesAndKeepNonASCII() {
        var output: [UInt8] = []
        JSONString.append("\"é\\\n\t\u{01}", to: &output)
        #expect(String(decoding: output, as: UTF8.self) == #""\"é\\\n\t\u0001""#)
    }
}
