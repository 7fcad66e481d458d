import Foundation
import SandboxStore
import Storage
import StoreSQLite
import Testing

@Suite("moonwire serve, operated: metrics on /metrics and JSON logs across a scripted run", .serialized, .processSlot)
struct ServeOperabilityTests {
    static let plugins = [
        "responder.lua": """
            on.keyword({"INFO"}, function(r) assert(r:reply("Ouvert de 9h à 19h.")) end)
            """,
        "broken.lua": """
            on.keyword({"BOOM"}, function(r) error("the broken plugin fails on purpose") end)
            """,
        "looper.lua": """
            on.keyword({"LOOP"}, function(r) while true do end end)
            """,
        "quiz.lua": """
            flows.define("quiz", function(flow)
              flow:send("Une question pour vous.")
              local answer = flow:ask("Oui ou non ?", { timeout = "1d" })
              flow:send("Merci : " .. (answer and answer:word() or "rien"))
            end)
            """,
    ]

    /// Secrets configured for the run: none may appear in a log line.
    static let secrets = [
        "CONEXTEO_WEBHOOK_TOKEN": "tok_live_5b1f0c9e77",
        "CONERIX_WEBHOOK_SECRET": "whsec_live_a8d2e4c6",
        "CONEXTEO_API_KEY": "ck_live_0f9e8d7c6b",
    ]

    @Test("after sends, a STOP, a flow, a handler error and a watchdog kill, /metrics counts each and parses; every log line is JSON without a secret")
    func scriptedRun() async throws {
        let p = try MoonwireProcess()
        defer { p.cleanUp() }
        let directory = try p.writePlugins(Self.plugins)
        let serve = try await ServeProcess(
            p, arguments: ["--plugins", directory, "--http", "0", "--budget", "0.5", "--log-format", "json"],
            environment: Self.secrets, ready: "webhooks on")
        let port = try HTTPProbe.port(of: serve)

        for (number, text) in [("+33612345601", "INFO"), ("+33612345602", "STOP"), ("+33612345603", "BOOM"), ("+33612345604", "LOOP")] {
            #expect(try await p.run(["sandbox", "reply", "--from", number, text]).status == 0)
        }
        #expect(try await p.run(["flows", "start", "quiz", "+33612345605"]).status == 0)
        let asked = try await p.waitFor { try await $0.sandbox().sandboxMessages().filter { $0.to == "+33612345605" }.count == 2 }
        #expect(asked, "serve said: \(serve.text)")
        #expect(try await p.run(["sandbox", "reply", "--from", "+33612345605", "oui"]).status == 0)

        let wanted = [
            #"moonwire_routed_total{route="opt_out"}"#, #"moonwire_routed_total{route="keyword"}"#,
            #"moonwire_routed_total{route="wait"}"#, #"moonwire_flow_runs_total{flow="quiz",status="completed"}"#,
            #"moonwire_handler_errors_total{plugin="broken.lua"}"#, #"moonwire_watchdog_kills_total{plugin="looper.lua"}"#,
            #"moonwire_inbound_total{source="sandbox"}"#,
        ]
        var samples: [String: Double] = [:]
        let deadline = Date().addingTimeInterval(120)  // a hang guard, not a performance threshold
        while Date() < deadline {
            let scrape = try await HTTPProbe.get("http://127.0.0.1:\(port)/metrics")
            #expect(scrape.status == 200)
            samples = try await PrometheusText.parse(scrape.body)
            if wanted.allSatisfy({ (samples[$0] ?? 0) >= 1 }) && (samples[#"moonwire_sends_total{outcome="sent",provider="sandbox"}"#] ?? 0) >= 4 {
                break
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        for name in wanted { #expect((samples[name] ?? 0) >= 1, "\(name) in \(samples.keys.sorted())") }
        // The INFO answer, the STOP confirmation and the flow's three messages.
        #expect((samples[#"moonwire_sends_total{outcome="sent",provider="sandbox"}"#] ?? 0) >= 4)
        #expect(samples.keys.contains { $0.hasPrefix("moonwire_provider_latency_seconds_count{provider=\"sandbox\"}") })
        #expect(samples.keys.contains { $0.hasPrefix("moonwire_lua_seconds_count{plugin=\"responder.lua\"}") })
        #expect(samples[#"moonwire_outbox_depth{status="sent"}"#] != nil)
        #expect(!samples.keys.contains { $0.contains("+33") || $0.contains("3361234") }, "a phone number in a label")

        #expect(serve.stop() == 0)
        let lines = serve.text.split(separator: "\n", omittingEmptySubsequences: true)
        #expect(lines.count >= 5)
        for line in lines {
            let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            #expect(object != nil, "not a JSON object: \(line)")
            if let object {
                #expect(object["time"] is String && object["level"] is String && object["message"] is String, "\(line)")
            }
            for secret in Self.secrets.values { #expect(!line.contains(secret), "a secret in: \(line)") }
            #expect(!line.contains("+33612345603"), "a whole phone number in: \(line)")
        }
        // The handler error is logged with its plugin and the number's last 4 digits.
        let failure = lines.first { $0.contains("the broken plugin fails on purpose") }
        #expect(failure?.contains(#""plugin":"broken.lua""#) == true, "\(failure ?? "no line")")
        #expect(failure?.contains(#""phone":"+…5603""#) == true, "\(failure ?? "no line")")
    }
}

extension ServeOperabilityTests {
    @Test("without --http, --metrics PORT serves /metrics alone: the exposition parses, no webhook route is open")
    func metricsAlone() async throws {
        let p = try MoonwireProcess()
        defer { p.cleanUp() }
        let directory = try p.writePlugins(["responder.lua": Self.plugins["responder.lua"]!])
        let serve = try await ServeProcess(p, arguments: ["--plugins", directory, "--metrics", "0"], ready: "/metrics")
        defer { serve.stop() }
        let line = try #require(serve.text.split(separator: "\n").first { $0.contains("metrics on http://") })
        let url = try #require(line.split(separator: " ").first { $0.hasPrefix("http://") }.map(String.init))
        #expect(try await p.run(["sandbox", "reply", "--from", "+33612345601", "INFO"]).status == 0)
        #expect(try await p.waitFor { try await $0.sandbox().sandboxMessages().count == 1 })
        var samples: [String: Double] = [:]
        let deadline = Date().addingTimeInterval(30)
        while (samples[#"moonwire_sends_total{outcome="sent",provider="sandbox"}"#] ?? 0) < 1, Date() < deadline {
            let scrape = try await HTTPProbe.get(url)
            #expect(scrape.status == 200)
            samples = try await PrometheusText.parse(scrape.body)
        }
        #expect(samples[#"moonwire_sends_total{outcome="sent",provider="sandbox"}"#] == 1)
        #expect(samples[#"moonwire_routed_total{route="keyword"}"#] == 1)
        let webhook = try await HTTPProbe.post(url.replacingOccurrences(of: "/metrics", with: "/webhooks/conerix"), body: "{}")
        #expect(webhook.status == 404)
    }
}

/// Prometheus' text format, read by the reference parser (`prometheus_client`, from PyPI).
enum PrometheusText {
    static let script = """
        import sys
        from prometheus_client.parser import text_string_to_metric_families
        for family in text_string_to_metric_families(sys.stdin.read()):
            for sample in family.samples:
                labels = ",".join('%s="%s"' % item for item in sorted(sample.labels.items()))
                print("%s{%s} %r" % (sample.name, labels, sample.value))
        """

    /// Each sample as `name{label="value",…}` (labels sorted) → value. Fails the test when
    /// python3 or prometheus_client is missing (scripts/bootstrap installs it) or the text does not parse.
    static func parse(_ exposition: String) async throws -> [String: Double] {
        let python = try ChildProcess(
            "/usr/bin/env", ["python3", "-c", script], environment: ProcessInfo.processInfo.environment,
            directory: FileManager.default.temporaryDirectory.path, input: .bytes(Array(exposition.utf8)))
        let ended = await python.wait(timeout: 60)
        try #require(
            ended?.status == 0,
            "prometheus_client could not parse /metrics (install it: pip install prometheus_client): \(python.stderr)\n\(exposition)")
        let printed = python.stdout
        var samples: [String: Double] = [:]
        for line in printed.split(separator: "\n") {
            guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else { continue }
            samples[String(line[..<space])] = value
        }
        return samples
    }
}
