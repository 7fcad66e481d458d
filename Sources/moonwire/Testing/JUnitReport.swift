import Engine
import Foundation

/// `moonwire test --junit FILE`: the results in the JUnit XML that CI systems read (one
/// `testsuite` per test file, a `failure` element per failed test).
enum JUnitReport {
    static func xml(_ results: [PluginTestResult], elapsed: Duration) -> String {
        var files: [String] = []
        var byFile: [String: [PluginTestResult]] = [:]
        for result in results {
            if byFile[result.file] == nil { files.append(result.file) }
            byFile[result.file, default: []].append(result)
        }
        let failed = results.filter { !$0.passed }.count
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        xml += "<testsuites name=\"moonwire test\" tests=\"\(results.count)\" failures=\"\(failed)\" errors=\"0\" time=\"\(seconds(elapsed))\">\n"
        for file in files {
            let cases = byFile[file]!
            let total = cases.reduce(Duration.zero) { $0 + $1.duration }
            xml += "  <testsuite name=\"\(escape(file))\" tests=\"\(cases.count)\" failures=\"\(cases.filter { !$0.passed }.count)\" "
                + "errors=\"0\" skipped=\"0\" time=\"\(seconds(total))\">\n"
            let classname = escape(file.replacingOccurrences(of: ".lua", with: "").replacingOccurrences(of: "/", with: "."))
            for result in cases {
                xml += "    <testcase classname=\"\(classname)\" name=\"\(escape(result.name))\" time=\"\(seconds(result.duration))\""
                if result.passed {
                    xml += "/>\n"
                    continue
                }
                let message = result.message ?? "failed"
                let firstLine = message.split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init) ?? message
                xml += ">\n      <failure message=\"\(escape(firstLine))\" type=\"failure\">"
                xml += escape(message + (result.traceback.isEmpty ? "" : "\n" + result.traceback)) + "</failure>\n"
                if !result.output.isEmpty { xml += "      <system-out>\(escape(result.output))</system-out>\n" }
                xml += "    </testcase>\n"
            }
            xml += "  </testsuite>\n"
        }
        xml += "</testsuites>\n"
        return xml
    }

    /// Seconds with milliseconds, as JUnit's `time` attributes are written.
    static func seconds(_ duration: Duration) -> String {
        String(format: "%.3f", Double(TestReport.milliseconds(duration)) / 1000)
    }

    /// Text safe in XML content and attributes; characters XML 1.0 cannot hold become U+FFFD.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\n", "\t", "\r": out.unicodeScalars.append(scalar)
            default:
                let v = scalar.value
                if v < 0x20 || (0xFFFE...0xFFFF).contains(v) { out += "\u{FFFD}" } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }
}
