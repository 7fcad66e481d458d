import ArgumentParser
import Engine
import Foundation
import SMSCore

/// `moonwire number [--region FR] [--json] NUMBER...`: phone numbers normalized to E.164.
struct NumberCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "number",
        abstract: "Normalize phone numbers to E.164 and tell mobile from fixed lines.",
        discussion: """
            Accepts numbers as people write them: +33 6 12 34 56 78, 0033612345678, and national \
            forms of the region such as 0612345678 or 06.12.34.56.78. Spaces, dots, dashes and \
            parentheses are ignored. National forms belong to --region (default: MOONWIRE_REGION, \
            else FR).

            For each valid NUMBER, prints one line, in order:
              +33612345678  mobile  FR  +33  06.12.34.56.78
            that is the E.164 form (what to send to), the kind of line, the region, the country \
            calling code, and the number as given. Kinds: mobile; fixed (a landline, which usually \
            cannot receive SMS); toll_free; premium; voip; unknown (the numbering plan does not \
            tell, as for +1). The region is "-" for a code several countries share (+1, +7) and \
            "001" for a non-geographic one.

            With --json, prints one JSON object per NUMBER instead (JSON Lines), with the fields \
            input, e164, country_code, national_number, kind and region (null when shared); an \
            invalid number gives {"input", "error": {"code", "message"}}.

            An invalid number (letters, too short, too long, unknown country code) gets a message \
            on stderr naming it and saying how to fix it; the valid ones are still printed. Exit \
            status: 0 if every NUMBER is valid, 1 otherwise.

            Examples:
              moonwire number 06.12.34.56.78
              moonwire number "+33 6 12 34 56 78" 0033612345678 0144556677
              moonwire number --region BE 0470123456
              moonwire number --json 0612345678
            """)

    @Option(name: .long, help: ArgumentHelp("Region national numbers belong to, as an ISO 3166 code (default: MOONWIRE_REGION, else FR).", valueName: "region"))
    var region: String?

    @Flag(name: .long, help: "Print one JSON object per number (JSON Lines).")
    var json = false

    @Argument(help: ArgumentHelp("Phone numbers; quote those with spaces.", valueName: "number"))
    var numbers: [String]

    /// The region given, else the environment's.
    private var effectiveRegion: String { region ?? ((try? EngineConfiguration.fromEnvironment(ProcessSettings.environment))?.region ?? "FR") }

    func validate() throws {
        // Parsing a number that is valid everywhere fails only when the region is unknown; checking
        // here reports it once, as a usage error, rather than once per NUMBER.
        do throws(SMSCoreError) {
            _ = try PhoneNumber.parse("+33612345678", region: effectiveRegion)
        } catch {
            throw ValidationError("\(region == nil ? "MOONWIRE_REGION" : "--region"): \(error.message)")
        }
    }

    func run() throws {
        let region = effectiveRegion
        var results: [(input: String, result: Result<PhoneNumber, SMSCoreError>)] = []
        for input in numbers {
            do throws(SMSCoreError) {
                results.append((input, .success(try PhoneNumber.parse(input, region: region))))
            } catch {
                results.append((input, .failure(error)))
            }
        }
        if json {
            print(results.map { Self.json(input: $0.input, result: $0.result) }.joined(separator: "\n"))
        } else {
            let valid = results.compactMap { input, result in (try? result.get()).map { (input, $0) } }
            print(Self.lines(valid), terminator: "")
        }
        var failed = false
        for case (_, .failure(let error)) in results {
            StandardError.write("moonwire: \(error.code.rawValue): \(error.message)")
            failed = true
        }
        if failed { throw ExitCode(1) }
    }

    /// Aligned lines for the valid numbers: E.164, kind, region, country code, input.
    private static func lines(_ numbers: [(input: String, number: PhoneNumber)]) -> String {
        let rows = numbers.map { input, number in
            [number.e164, number.kind.rawValue, number.regionCode ?? "-", "+\(number.countryCode)", input]
        }
        guard let first = rows.first else { return "" }
        let widths = first.indices.map { column in rows.map { $0[column].count }.max()! }
        return rows.map { row in
            row.enumerated().map { column, cell in
                column == row.count - 1 ? cell : cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
            }.joined(separator: "  ") + "\n"
        }.joined()
    }

    /// One JSON object for one NUMBER, valid or not.
    private static func json(input: String, result: Result<PhoneNumber, SMSCoreError>) -> String {
        var out: [UInt8] = Array(#"{"input":"#.utf8)
        JSONString.append(input, to: &out)
        switch result {
        case .success(let number):
            out.append(contentsOf: #","e164":"#.utf8)
            JSONString.append(number.e164, to: &out)
            out.append(contentsOf: #","country_code":"#.utf8)
            JSONString.append(number.countryCode, to: &out)
            out.append(contentsOf: #","national_number":"#.utf8)
            JSONString.append(number.nationalNumber, to: &out)
            out.append(contentsOf: #","kind":"#.utf8)
            JSONString.append(number.kind.rawValue, to: &out)
            out.append(contentsOf: #","region":"#.utf8)
            if let region = number.regionCode { JSONString.append(region, to: &out) } else { out.append(contentsOf: "null".utf8) }
        case .failure(let error):
            out.append(contentsOf: #","error":{"code":"#.utf8)
            JSONString.append(error.code.rawValue, to: &out)
            out.append(contentsOf: #","message":"#.utf8)
            JSONString.append(error.message, to: &out)
            out.append(UInt8(ascii: "}"))
        }
        out.append(UInt8(ascii: "}"))
        return String(decoding: out, as: UTF8.self)
    }
}
