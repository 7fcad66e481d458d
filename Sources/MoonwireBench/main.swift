import Foundation

// Benchmark workloads, one per invocation, each printing one JSON object; scripts/bench drives
// them, compares against peers and prints the table.
//
//   MoonwireBench binding [--iterations N] [--repeats R]
//   MoonwireBench segmentation --corpus FILE [--count N] [--iterations R]
//   MoonwireBench corpus FILE [--count N]
//   MoonwireBench send --base-url URL [--provider conexteo|conerix] [--key K] [--concurrency C]
//                      [--connections P] [--count N] [--duration-ms MS]
//   MoonwireBench flows [--runs N] [--plugin plugins/welcome_drip.lua] [--db postgres://...]
//                       [--serve PATH_TO_MOONWIRE]   (a second instance beside it, on --db)

func option(_ name: String, default value: Int) -> Int {
    let arguments = CommandLine.arguments
    guard let i = arguments.firstIndex(of: name), i + 1 < arguments.count, let n = Int(arguments[i + 1]), n > 0 else {
        return value
    }
    return n
}

func stringOption(_ name: String, default value: String) -> String {
    let arguments = CommandLine.arguments
    guard let i = arguments.firstIndex(of: name), i + 1 < arguments.count else { return value }
    return arguments[i + 1]
}

func emit(_ object: [String: Any]) {
    let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    print(String(decoding: data, as: UTF8.self))
}

let arguments = CommandLine.arguments
switch arguments.count > 1 ? arguments[1] : "" {
case "binding":
    let iterations = option("--iterations", default: 5_000_000)
    let repeats = option("--repeats", default: 7)
    let results = try await BindingBench.run(iterations: iterations, repeats: repeats)
    emit([
        "workload": "binding", "iterations": iterations, "repeats": repeats,
        "ns_per_call": Dictionary(uniqueKeysWithValues: results.map { ($0.name, $0.nanosecondsPerCall) }),
    ])
case "corpus":
    guard arguments.count > 2 else { fatalError("usage: MoonwireBench corpus FILE [--count N]") }
    try Corpus.writeJSONLines(Corpus.mixedMessages(count: option("--count", default: 100_000), seed: 42), to: arguments[2])
case "segmentation":
    let count = option("--count", default: 100_000)
    let iterations = option("--iterations", default: 5)
    let messages = Corpus.mixedMessages(count: count, seed: 42)
    let result = SegmentationBench.run(messages: messages, iterations: iterations)
    emit([
        "workload": "segmentation", "tool": "moonwire", "messages": messages.count,
        "seconds_median": result.secondsMedian, "messages_per_s": result.messagesPerSecond,
        "mb_per_s": result.megabytesPerSecond, "iterations": iterations,
    ])
case "send":
    let baseURL = stringOption("--base-url", default: "")
    guard !baseURL.isEmpty else { fatalError("usage: MoonwireBench send --base-url URL [...] (see main.swift)") }
    let provider = stringOption("--provider", default: "conexteo")
    let concurrency = option("--concurrency", default: 64)
    let connections = option("--connections", default: concurrency)
    let count = option("--count", default: 20_000)
    let durationMS = option("--duration-ms", default: 0)
    let result = try await SendBench.run(
        baseURL: baseURL, provider: provider, key: stringOption("--key", default: "sandbox"), concurrency: concurrency,
        connections: connections, count: count, duration: durationMS > 0 ? .milliseconds(durationMS) : nil)
    var report: [String: Any] = [
        "workload": "send", "tool": "moonwire", "provider": provider, "concurrency": concurrency, "connections": connections,
        "sent": result.sent,
        "errors": result.errors, "seconds": result.seconds, "messages_per_s": result.messagesPerSecond,
    ]
    if let firstError = result.firstError { report["first_error"] = firstError }
    emit(report)
case "flows":
    let runs = option("--runs", default: 100_000)
    let plugin = stringOption("--plugin", default: "plugins/welcome_drip.lua")
    let database = stringOption("--db", default: "")
    let serve = stringOption("--serve", default: "")
    let result = try await FlowBench.run(
        runs: runs, plugin: plugin, database: database.isEmpty ? nil : database, serve: serve.isEmpty ? nil : serve)
    var report: [String: Any] = [
        "workload": "flows", "runs": result.runs, "completed": result.completed, "messages": result.messages,
        "seconds": result.seconds, "runs_per_s": Double(result.runs) / result.seconds, "phases_s": result.phases,
        "store_bytes_per_idle_run": result.storeBytesPerIdleRun, "peak_rss_bytes": result.peakRSSBytes,
        "backend": database.isEmpty ? "sqlite" : "postgres", "instances": serve.isEmpty ? 1 : 2,
    ]
    if let rss = result.servePeakRSSBytes { report["serve_peak_rss_bytes"] = rss }
    emit(report)
default:
    FileHandle.standardError.write(Data("usage: MoonwireBench binding | segmentation | corpus FILE | send | flows (see scripts/bench)\n".utf8))
    exit(64)
}
