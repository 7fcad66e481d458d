import ArgumentParser
import Dispatch
import Engine
import Foundation
import Synchronization
import Server
import Storage
import StorageBackends
import SandboxStore

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
              POST /conexteo/messages/sms/dynamic
                   {"content" with #field#, "recipients": [{"recipient", "field"...}]}
              POST /conexteo/messages/rcs
                   {"type": "text"|"card"|"carousel", "contacts": [{"recipient"}], "data",
                    "fallback"?: {"content", "sender"?}, "external_id"?}
                   SMS sends take "scheduleAt" (UTC ISO 8601); every send skips stopped numbers
              GET  /conexteo/messages?page=1&limit=10 (the send history),
              GET  /conexteo/messages/:id, PUT /conexteo/messages/:id/cancel (a scheduled one),
              GET  /conexteo/messages/:id/recipients/sms, .../recipients/rcs
              GET  /conexteo/messages/replies?page=1&limit=10 (newest first), .../replies/extract
              GET/POST /conexteo/models, GET/PUT/DELETE /conexteo/models/:id (SMS templates),
              and the same under /conexteo/models/rcs (RCS templates)
              GET  /conexteo/stops/all?page=1&limit=10, POST /conexteo/stops {"recipient"},
              POST /conexteo/stops/file (multipart "file": one number per line),
              DELETE /conexteo/stops/:id
              POST/GET /conexteo/contactlists, GET/PUT/DELETE /conexteo/contactlists/:id,
              GET  /conexteo/contactlists/:id/contacts (paginated), .../contacts-extract
              POST /conexteo/contacts {"contactlist_id", "contacts": [{"tel", "champ_nom", ...}]},
              POST /conexteo/contacts/file (multipart "file" CSV with a header, "contactlist_id"),
              GET/PUT/DELETE /conexteo/contacts/:id
              POST /conexteo/messages/sms/contactlist
                   {"content", "contactlist": [ids], "sender"?, "external_id"?}
                   sends once per number and skips stopped numbers

            Conexteo accounts: POST /conexteo/auth/login {"email", "password"} answers \
            {"access_token", "token_type": "Bearer", "expires_in": 3600}; the sub-account \
            routes need "Authorization: Bearer <access_token>". The login is \
            --conexteo-email / --conexteo-password (or CONEXTEO_EMAIL / CONEXTEO_PASSWORD), \
            by default sandbox@moonwire.test / sandbox:
              POST /conexteo/subaccounts {"name", "email"}, GET /conexteo/subaccounts/all,
              GET  /conexteo/subaccounts?page=1&limit=10, GET /conexteo/subaccounts/:id,
              POST /conexteo/subaccounts/:id/credits {"credits"} (taken from the account),
              POST /conexteo/subaccounts/:id/credits/remove {"credits"},
              PUT  /conexteo/subaccounts/:id/credit-mode {"mode": "shared" | "dedicated"},
              GET  /conexteo/subaccounts/:id/credits/history

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
              POST   /_sandbox/replies    {"from", "body", "to"?}: a handset answers (listed by
                     /conexteo/messages/replies, routed by moonwire serve)

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

    @Option(
        name: .long,
        help: ArgumentHelp(
            "The email POST /conexteo/auth/login accepts (default: CONEXTEO_EMAIL, else sandbox@moonwire.test).",
            valueName: "EMAIL"))
    var conexteoEmail: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "The password POST /conexteo/auth/login accepts (default: CONEXTEO_PASSWORD, else sandbox).",
            valueName: "PASSWORD"))
    var conexteoPassword: String?

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

    /// The Conexteo login: the option, else the environment variable, else the sandbox default.
    func conexteoLogin(environment: [String: String] = ProcessSettings.environment) -> (email: String, password: String) {
        func nonEmpty(_ value: String?) -> String? { value.flatMap { $0.isEmpty ? nil : $0 } }
        return (
            nonEmpty(conexteoEmail) ?? nonEmpty(environment["CONEXTEO_EMAIL"]) ?? SandboxServer.Configuration.defaultConexteoEmail,
            nonEmpty(conexteoPassword) ?? nonEmpty(environment["CONEXTEO_PASSWORD"])
                ?? SandboxServer.Configuration.defaultConexteoPassword
        )
    }

    func run() async throws {
        let running: RunningSandboxServer
        let login = conexteoLogin()
        do {
            let store = try StorageBackends.sandbox(
                location: try EngineConfiguration.databasePath(environment: ProcessSettings.environment),
                environment: ProcessSettings.environment)
            let configuration = SandboxServer.Configuration(
                host: host, port: port, conexteoAPIKey: conexteoApiKey, conexteoAppID: conexteoAppId,
                conerixAPIKey: conerixApiKey, conerixRequestsPerMinute: conerixRateLimit, conexteoEmail: login.email,
                conexteoPassword: login.password, deliversWebhooks: !noWebhooks)
            running = try await SandboxServer(store: store, configuration: configuration).start()
        } catch let error as StorageError {
            StandardError.write("moonwire: \(error.message)")
            throw ExitCode(1)
        } catch let error as EngineError {
            StandardError.write("moonwire: \(error.message)")
            throw ExitCode(1)
        } catch let error as SandboxServerError {
            StandardError.write("moonwire: \(error.message)")
            throw ExitCode(1)
        }
        // Written unbuffered: a script waiting for the URLs on a pipe must see them now.
        // A configured password is never printed; the default one is no secret.
        let password =
            login.password == SandboxServer.Configuration.defaultConexteoPassword
            ? "password \(login.password)" : "the configured password"
        let banner = """
            Conexteo: \(running.conexteoBaseURL)
            Conerix:  \(running.conerixBaseURL)
            Faults:   \(running.controlBaseURL)/faults
            Conexteo login (POST /conexteo/auth/login): \(login.email) with \(password)

            """
        FileHandle.standardOutput.write(Data(banner.utf8))
        await Self.waitForTermination()
        await running.stop()
    }

    /// Returns on SIGINT or SIGTERM (both are then handled here rather than killing the process,
    /// so open connections close cleanly).
    static func waitForTermination() async {
        let once = FirstSignal()
        var sources: [any DispatchSourceRead] = []
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            sources = [SIGINT, SIGTERM].map { number in
                SignalPipe.watch(number) { if once.isFirst() { continuation.resume() } }
            }
        }
        sources.forEach { $0.cancel() }
    }
}

/// Whether a stop signal came before: only the first one resumes the wait.
private final class FirstSignal: Sendable {
    private let came = Atomic<Bool>(false)

    /// True the first time only.
    func isFirst() -> Bool { !came.exchange(true, ordering: .relaxed) }
}
