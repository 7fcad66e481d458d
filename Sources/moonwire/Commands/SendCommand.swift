import ArgumentParser
import Engine
import Foundation
import Providers
import SMSCore
import Storage

/// `moonwire send`: one SMS to one or more recipients, from the command line.
struct SendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "send",
        abstract: "Send an SMS to one or more recipients.",
        discussion: """
            Numbers may be written as people write them (06 12 34 56 78, +33 6 12 34 56 78); \
            national forms belong to MOONWIRE_REGION (default FR). The provider is --provider, \
            else MOONWIRE_PROVIDER, else the sandbox; real providers take their keys from the \
            environment (CONEXTEO_API_KEY, CONERIX_API_KEY, ...; see moonwire --help).

            With --external-id, a send that was already processed is not sent again (Conexteo \
            and the sandbox check it; Conerix has no server dedup). With several recipients \
            each gets ID:+33612345678 as its key.

            Prints one line per recipient: the number, the provider's message id, and the \
            status ("accepted", or "already processed"). With --json, one JSON object per \
            recipient instead. A failure prints `moonwire: NUMBER: code: message` on stderr. \
            Exit status: 0 when every message was accepted, already processed or deferred to the \
            send window's next opening, 1 otherwise (refused, opted out, failed).

            Every send goes through the outbox and the policy, as a script's would: a number \
            that replied STOP is refused (opted_out), and --class marketing outside the send \
            window (Monday-Saturday 08:00-20:00 Europe/Paris, no public holidays) is queued \
            for the next opening and printed as "deferred until ..."; `moonwire serve` sends it.

            Examples:
              moonwire send --to 0612345678 --body "Votre code : 4242"
              moonwire send --to +33612345678 --to +33712345678 --body "Hello" --from ACME
              MOONWIRE_PROVIDER=conerix CONERIX_API_KEY=... moonwire send --to +336... --body Hi --verbose
            """)

    @Option(name: .long, help: ArgumentHelp("A recipient; repeat for several.", valueName: "number"))
    var to: [String] = []

    @Option(name: .long, help: ArgumentHelp("The message text.", valueName: "text"))
    var body: String

    @Option(name: .long, help: ArgumentHelp("Sender id: up to 11 letters and digits, or a number.", valueName: "sender"))
    var from: String?

    @Option(name: .customLong("external-id"), help: ArgumentHelp("Dedup key for this send.", valueName: "id"))
    var externalID: String?

    @Option(name: .long, help: ArgumentHelp("transactional (default: sent at any hour) or marketing (held to the send window).", valueName: "class"))
    var `class`: String = "transactional"

    @OptionGroup var providerOptions: ProviderOptions

    @Flag(name: .long, help: "Print one JSON object per recipient.")
    var json = false

    func validate() throws {
        guard !to.isEmpty else { throw ValidationError("give at least one --to NUMBER") }
        guard SendClass(callerText: `class`) != nil else {
            throw ValidationError("--class must be transactional or marketing, got \(`class`)")
        }
    }

    func run() async throws {
        let host = try providerOptions.openHost()
        let sendClass = SendClass(callerText: `class`)!
        // Body and sender are the same for every recipient: checked and segmented once.
        let content: OutboundMessage.Content
        do throws(SMSCoreError) {
            content = try OutboundMessage.content(body: body, from: from)
        } catch {
            StandardError.write("moonwire: \(error.code): \(error.message)")
            throw ExitCode(1)
        }
        var failures = 0
        for number in to {
            do {
                let recipient = try PhoneNumber.parse(number, region: host.configuration.region)
                let key = externalID.map { to.count > 1 ? "\($0):\(recipient.e164)" : $0 } ?? "cli-" + UUID().uuidString.lowercased()
                let message = try OutboundMessage(to: recipient, content: content, externalID: key)
                let outcome = try await host.services.dispatcher.submit(message, sendClass: sendClass, dedupKey: key, origin: .cli)
                switch outcome {
                case .sent(let row, let duplicate): report(number: recipient.e164, row: row, status: duplicate ? "already processed" : "accepted")
                case .deferred(let row): report(number: recipient.e164, row: row, status: "deferred")
                case .inFlight(let row): report(number: recipient.e164, row: row, status: "sending")
                case .blocked(let row):
                    failures += 1
                    fail(number, code: "opted_out", message: row.errorMessage ?? "the number opted out")
                case .failed(_, let code, let why, _, let queued):
                    failures += 1
                    fail(number, code: code, message: why + (queued ? " (queued: `moonwire serve` will try again)" : ""))
                }
            } catch let error as SMSCoreError {
                failures += 1
                fail(number, code: error.code.rawValue, message: error.message)
            } catch let error as EngineError {
                failures += 1
                fail(number, code: error.code, message: error.message)
            }
        }
        if failures > 0 { throw ExitCode(1) }
    }

    func report(number: String, row: OutboxRow, status: String) {
        let id = row.providerMessageID ?? "-"
        if json {
            var object: [String: Any] = [
                "to": number, "id": id, "status": status == "already processed" ? "accepted" : status,
                "segments": row.segments, "encoding": row.encoding.rawValue, "already_processed": status == "already processed",
                "external_id": row.dedupKey, "class": row.sendClass.rawValue,
            ]
            if status == "deferred" { object["send_at"] = row.notBefore.formatted(.iso8601) }
            print(SendCommand.jsonLine(object))
        } else if status == "deferred" {
            print("\(number)  -  deferred until \(row.notBefore.formatted(.iso8601))")
        } else {
            print("\(number)  \(id)  \(status)")
        }
    }

    func fail(_ number: String, code: String, message: String) {
        StandardError.write("moonwire: \(number): \(code): \(message)")
        if json { print(SendCommand.jsonLine(["to": number, "error": ["code": code, "message": message]])) }
    }

    static func jsonLine(_ object: [String: Any]) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
