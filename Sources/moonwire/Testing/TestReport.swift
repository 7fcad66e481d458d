import Engine
import Foundation

/// How `moonwire test` shows results: a line per test, the failures, JSON.
enum TestReport {
    /// One line per test: `ok   name (file, 3 ms)` or `FAIL name (file, 3 ms)`.
    static func printLines(_ results: [PluginTestResult]) {
        var text = ""
        for result in results {
            text += "\(result.passed ? "ok  " : "FAIL") \(result.name) (\(result.file), \(milliseconds(result.duration)) ms)\n"
        }
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    /// Each failure: its name, message, traceback and what it printed.
    static func printFailures(_ results: [PluginTestResult]) {
        let failures = results.filter { !$0.passed }
        guard !failures.isEmpty else { return }
        var text = "\nFailures:\n"
        for result in failures {
            text += "\n--- FAIL: \(result.name) (\(result.file))\n"
            text += (result.message ?? "failed") + "\n"
            if !result.traceback.isEmpty { text += result.traceback + "\n" }
            if !result.output.isEmpty { text += "printed:\n" + result.output + (result.output.hasSuffix("\n") ? "" : "\n") }
        }
        text += "\n"
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    /// `{"passed":N,"failed":M,"duration_ms":D,"tests":[{"file","name","status","duration_ms","message","traceback","output"}]}`.
    static func json(_ results: [PluginTestResult], elapsed: Duration) -> String {
        let failed = results.filter { !$0.passed }.count
        let tests = results.map { result -> [(String, Any?)] in
            [
                ("file", result.file), ("name", result.name), ("status", result.passed ? "passed" : "failed"),
                ("duration_ms", milliseconds(result.duration)), ("message", result.message),
                ("traceback", result.traceback.isEmpty ? nil : result.traceback), ("output", result.output),
            ]
        }
        return JSONText.object([
            ("passed", results.count - failed), ("failed", failed), ("duration_ms", milliseconds(elapsed)), ("tests", tests),
        ])
    }

    /// A duration in whole milliseconds.
    static func milliseconds(_ duration: Duration) -> Int {
        Int(duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000)
    }
}
