import ArgumentParser
import Dispatch
import Foundation
import Server
import Store

/// `moonwire sandbox serve [--port N] [--host H]`: the sandbox over HTTP in both providers' formats.
struct SandboxServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the sandbox over HTTP with the Conexteo and Conerix wire formats.",
        discussion: """
            Runs until SIGINT (Ctrl-C) or SIGTERM. Everything accepted is stored in the \
            database (MOONWIRE_DB, default ./moonwire.db) and listed by `moonwire sandbox \
            messages`. Point clients at the printed base URLs (CONEXTEO_BASE_URL, \
            CONERIX_BASE_URL). The default key for both providers is "sandbox".

            Conexteo, under /conexteo; key in X-API-KEY, and X-APP-ID too when \
            --conexteo-app-id is given:
              GET  /conexteo/users/credits
              POST /conexteo/messages/sms
                   {"content", "recipients": [...], "sender"?, "external_id"?}
                   ?resumeBefore=true answers the cost without sending;
                   a reused external_id answers 409; bad input answers 400
              POST /conexteo/messages    (legacy send, same fields)

            Conerix, under /conerix/api; key in "Authorization: Bearer <key>"; at most \
            --conerix-rate-limit requests per minute per key, then 429 with Retry-After:
              POST /conerix/api/v1/messages/send
                   {"to", "from", "body", "route_id"?, "reference"?}
              POST /conerix/api/v1/messages/bulk
                   {"from", "recipients": [...], "body"}, at most 1,000 recipients
              POST /conerix/api/v1/webhooks/create
                   {"url", "description"?, "events": [...]}

            Each accepted Conerix message posts message.sent, then message.delivered, to \
            every endpoint subscribed to the type, signed "Conerix-Signature: \
            t=<unix>,v1=<hex HMAC-SHA256 of t.body>" with the endpoint's signing_secret, \
            retried 3 times (unless --no-webhooks). Every attempt is listed by:
              GET    /_sandbox/webhook-deliveries    ?endpoint_id=&after=&limit=

            Fault injection, to test clients against a misbehaving provider:
              POST   /_sandbox/faults
                     {"count": 2, "status": 503, "delay_ms": 0, "drop": false,
                      "body": "<html>...", "content_type": "text/html",
                      "path_prefix": "/conerix", "pass": false}
              GET    /_sandbox/faults    lists the pending faults
              DELETE /_sandbox/faults    clears them
              PUT    /_sandbox/conexteo/credits    {"credits": N}

            Every fault field is optional (defaults: 1, 503, 0, false, "", \
            application/json, "/", false). The next `count` requests whose path starts \
            with `path_prefix` wait `delay_ms`, then answer `status` with exactly `body` \
            (so: invalid JSON, an HTML page, nothing, a 200 with missing fields); with \
            "drop": true the connection is closed unanswered; with "pass": true the \
            request is handled normally after the delay. A faulted request stores nothing.

            Example:
              moonwire sandbox serve --port 8080 &
              curl -H 'Authorization: Bearer sandbox' \\
                -H 'Content-Type: application/json' \\
                -d '{"to":"+33612345678","from":"ACME","body":"Hello"}' \\
                http://127.0.0.1:8080/conerix/api/v1/messages/send
            """)

    @Option(name: .long, help: ArgumentHelp("The port to listen on; 0 picks a free one.", valueName: "N"))
    var port = 8080

    @Option(name: .long, help: ArgumentHelp("The address to listen on.", valueName: "H"))
    var host = "127.0.0.1"

    @Option(name: .long, help: ArgumentHelp("The key Conexteo requests must send in X-API-KEY.", valueName: "KEY"))
    var conexteoApiKey = "sandbox"

    @Option(name: .long, help: ArgumentHelp("Require this X-APP-ID on Conexteo requests.", valueName: "ID"))
    var conexteoAppId: String?

    @Option(name: .long, help: ArgumentHelp("The Bearer key Conerix requests must send.", valueName: "KEY"))
    var conerixApiKey = "sandbox"

    @Option(name: .long, help: ArgumentHelp("Conerix requests allowed per key per minute.", valueName: "N"))
    var conerixRateLimit = 60

    @Flag(name: .long, help: "Do not post Conerix webhook events to the registered endpoints.")
    var noWebhooks = false

    func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be 0 to 65535, got \(port)") }
        guard conerixRateLimit >= 1 else {
            throw ValidationError("--conerix-rate-limit must be at least 1, got \(conerixRateLimit)")
        }
    }

    func run() async throws {
        let running: RunningSandboxServer
        do {
            let store = try Store(path: Store.defaultPath())
            let configuration = SandboxServer.Configuration(
                host: host, port: port, conexteoAPIKey: conexteoApiKey, conexteoAppID: conexteoAppId,
                conerixAPIKey: conerixApiKey, conerixRequestsPerMinute: conerixRateLimit, deliversWebhooks: !noWebhooks)
            running = try await SandboxServer(store: store, configuration: configuration).start()
        } catch let error as StoreError {
            StandardError.write("moonwire: \(error.message)")
            throw ExitCode(1)
        } catch let error as SandboxServerError {
            StandardError.write("moonwire: \(error.message)")
            throw ExitCode(1)
        }
        // Written unbuffered: a script waiting for the URLs on a pipe must see them now.
        let banner = """
            Conexteo: \(running.conexteoBaseURL)
            Conerix:  \(running.conerixBaseURL)
            Faults:   \(running.controlBaseURL)/faults

            """
        FileHandle.standardOutput.write(Data(banner.utf8))
        await Self.waitForTermination()
        await running.stop()
    }

    /// Returns on SIGINT or SIGTERM (both are then handled here rather than killing the process,
    /// so open connections close cleanly).
    static func waitForTermination() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let once = DispatchQueue(label: "moonwire.sandbox-serve.signals")
            var resumed = false
            var sources: [any DispatchSourceSignal] = []
            for number in [SIGINT, SIGTERM] {
                signal(number, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: number, queue: once)
                source.setEventHandler {
                    guard !resumed else { return }
                    resumed = true
                    sources.forEach { $0.cancel() }
                    continuation.resume()
                }
                source.resume()
                sources.append(source)
            }
        }
    }
}
