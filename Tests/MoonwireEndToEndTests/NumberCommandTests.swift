import Foundation
import Testing

/// `moonwire number`, run as a user runs it.
@Suite(.processSlot)
struct NumberCommandTests {
    /// The whitespace-separated columns of each stdout line.
    private func columns(_ stdout: String) -> [[String]] {
        stdout.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
    }

    @Test(arguments: ["+33 6 12 34 56 78", "0612345678", "06.12.34.56.78", "0033612345678"])
    func frenchMobileFormsNormalizeToE164(_ input: String) async throws {
        let p = try MoonwireProcess()
        defer { p.cleanUp() }
        let r = try await p.run(["number", input])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.isEmpty)
        #expect(r.stdout == "+33612345678  mobile  FR  +33  \(input)\n")
    }

    @Test func severalNumbersPrintInOrderWithTheirKind() async throws {
        let p = try MoonwireProcess()
        defer { p.cleanUp() }
        let r = try await p.run(["number", "01 44 55 66 77", "+1 201 555 0123", "0612345678"])
        #expect(r.status == 0)
        #expect(columns(r.stdout).map { Array($0.prefix(4)) } == [
            ["+33144556677", "fixed", "FR", "+33"],
            ["+12015550123", "unknown", "-", "+1"],
            ["+33612345678", "mobile", "FR", "+33"],
        ])
    }

    @Test func regionDecidesWhatANationalNumberMeans() async throws {
        let p = try MoonwireProcess()
        defer { p.cleanUp() }
        let flag = try await p.run(["number", "--region", "BE", "0470 12 34 56"])
        #expect(columns(flag.stdout).first?.prefix(3) == ["+32470123456", "mobile", "BE"])
        var q = p
        q.environment["MOONWIRE_REGION"] = "CH"
        let environment = try await q.run(["number", "078 123 45 67"])
        #expect(columns(environment.stdout).first?.first == "+41781234567")
    }

    @Test(arguments: [
        ("06 12 AB 34 56", "invalid_number", "letters"),
        ("0612", "too_short", "too short"),
        ("+999 612345678", "unknown_country_code", "+999"),
        ("+33 6 12 34 56 78 90 12 34", "too_long", "too long"),
    ])
    func invalidNumberIsExplainedOnStderrNamingIt(_ input: String, _ code: String, _ reason: String) async throws {
        let p = try MoonwireProcess()
        defer { p.cleanUp() }
        let r = try await p.run(["number", input])
        #expect(r.status == 1)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.contains(code))
        #expect(r.stderr.contains("\"\(input)\""))
        #expect(r.stderr.contains(reason))
    }

    @Test func validNumbersArePrintedEvenWhenOthersFail() async throws {
        let p = try MoonwireProcess()
        defer { p.cleanUp() }
        let r = try await p.run(["number", "0612345678", "hello", "0712345678"])
        #expect(r.status == 1)
        #expect(columns(r.stdout).map(\.first) == ["+33612345678", "+33712345678"])
        #expect(r.stderr.contains("\"hello\""))
        #expect(r.stderr.split(separator: "\n").count == 1)
    }

    @Test func jsonGivesOneObjectPerNumberErrorsIncluded() async throws {
        let p = try MoonwireProcess()
        defer { p.cleanUp() }
        let r = try await p.run(["number", "--json", "06.12.34.56.78", "0612", "+1 201 555 0123"])
        #expect(r.status == 1)
        let rows = try r.stdout.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        try #require(rows.count == 3)
        #expect(rows[0]["input"] as? String == "06.12.34.56.78")
        #expect(rows[0]["e164"] as? String == "+33612345678")
        #expect(rows[0]["country_code"] as? Int == 33)
        #expect(rows[0]["national_number"] as? String == "612345678")
        #expect(rows[0]["kind"] as? String == "mobile")
        #expect(rows[0]["region"] as? String == "FR")
        #expect(rows[1]["input"] as? String == "0612")
        #expect((rows[1]["error"] as? [String: Any])?["code"] as? String == "too_short")
        #expect(rows[2]["region"] is NSNull)
        #expect(r.stderr.contains("\"0612\""))
    }

    @Test func unknownRegionIsOneUsageError() async throws {
        let p = try MoonwireProcess()
        defer { p.cleanUp() }
        let r = try await p.run(["number", "--region", "XX", "0612345678", "0712345678"])
        #expect(r.status == 64)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.components(separatedBy: "\"XX\" is not a known region").count == 2)
    }

    @Test func noNumberIsAUsageError() async throws {
        let p = try MoonwireProcess()
        defer { p.cleanUp() }
        let r = try await p.run(["number"])
        #expect(r.status == 64)
        #expect(r.stderr.contains("<number>"))
    }
}
