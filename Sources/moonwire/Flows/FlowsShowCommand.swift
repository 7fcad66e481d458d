import ArgumentParser
import Engine
import Foundation
import Storage

/// `moonwire flows show ID [--json]`.
struct FlowsShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show a flow run: its state, what it waits for, and its journal.",
        discussion: """
            The journal lists each effect the run made, by step: sends and asks (with the \
            question's answer, or nil when it timed out), sleeps (with their wake-up), flow:now \
            and flow:random values. A step without a result is the one the run waits at. Times \
            are UTC. With --json, one object with the run's fields, waiting_at_step and journal \
            (step, kind, args, result, due_at, at).

            Example:
              moonwire flows show 12
            """)

    @Argument(help: ArgumentHelp("The run's id (from `moonwire flows list`).", valueName: "id"))
    var id: Int64

    @Flag(name: .long, help: "Print JSON instead of text.")
    var json = false

    func run() async throws {
        let engine = try EngineStore.open(readOnly: true)
        let store = engine.store
        let id = self.id
        guard let (run, journal) = try await engine.run({ () async throws(StorageError) in try await store.flowRunWithJournal(id: id) })
        else {
            StandardError.write("moonwire: there is no flow run \(id) in \(engine.configuration.databasePath) (see moonwire flows list)")
            throw ExitCode(1)
        }
        let wait = try await engine.run { () async throws(StorageError) in try await store.flowWait(runID: id) }
        if json {
            var fields = FlowsListCommand.object(run)
            fields.append(("waiting_at_step", wait.map { Int64($0.step) }))
            fields.append(("journal", journal.map(FlowsShowCommand.object)))
            print(JSONText.object(fields))
            return
        }
        var text = "run \(id): flow \(run.flow) for \(run.phone), \(run.status.rawValue)\n"
        text += "  started \(FlowsListCommand.time(run.createdAt)), last change \(FlowsListCommand.time(run.updatedAt))\n"
        switch run.status {
        case .sleeping: text += "  wakes up \(run.nextWake.map(FlowsListCommand.time) ?? "-")\n"
        case .waiting:
            text += "  waits for a reply from \(run.phone) at step \(wait.map { String($0.step) } ?? "?")"
            text += run.nextWake.map { ", until \(FlowsListCommand.time($0))\n" } ?? " (no timeout)\n"
        default: break
        }
        if let error = run.error { text += "  \(run.errorCode ?? "error"): \(error)\n" }
        if run.vars != "{}" { text += "  vars \(run.vars)\n" }
        text += journal.isEmpty ? "  journal: empty\n" : "  journal:\n"
        for entry in journal {
            var line = "  \(String(entry.step).leftPadded(4))  \(FlowsListCommand.time(entry.at))  \(entry.kind.rawValue) \(FlowsShowCommand.quoted(entry))"
            if let due = entry.dueAt { line += " (until \(FlowsListCommand.time(due)))" }
            line += " -> " + FlowsShowCommand.summary(entry)
            text += line + "\n"
        }
        print(text, terminator: "")
    }

    /// A step's result in a few words: "accepted sbx_…", "answer \"oui\"", "no answer", a value.
    static func summary(_ entry: FlowJournalRow) -> String {
        guard let result = entry.result else { return entry.kind == .send ? "(sending)" : "(waiting)" }
        guard let object = try? JSONSerialization.jsonObject(with: Data(result.utf8)) as? [String: Any] else { return result }
        if let failure = object["failure"] as? [String: Any] {
            return "failed: \(failure["code"] as? String ?? "?"): \(failure["message"] as? String ?? "")"
        }
        let values = object["values"] as? [Any] ?? []
        switch entry.kind {
        case .send:
            guard let message = values.first as? [String: Any] else { return result }
            return [message["status"] as? String, message["id"] as? String, (message["send_at"] as? String).map { "at \($0)" }]
                .compactMap { $0 }.joined(separator: " ")
        case .ask:
            guard let reply = values.first as? [String: Any] else { return "no answer (timed out)" }
            return "answer " + JSONText.string(reply["body"] as? String ?? "")
        case .sleep, .sleepUntil:
            return "woke"
        case .http:
            guard let answer = values.first as? [String: Any], let status = answer["status"] as? Int else { return result }
            return "HTTP \(status), \((answer["body"] as? String)?.utf8.count ?? 0) bytes"
        case .now, .random, .stateIncr, .stateSet, .stateDelete:
            return values.map { "\($0)" }.joined(separator: ", ")
        case .stateGet:
            return values.first.flatMap { try? JSONSerialization.data(withJSONObject: $0, options: [.fragmentsAllowed, .sortedKeys]) }
                .map { String(decoding: $0, as: UTF8.self) } ?? "nil"
        }
    }

    static func quoted(_ entry: FlowJournalRow) -> String {
        switch entry.kind {
        case .now: ""
        case .random: entry.args
        case .send, .ask, .sleep, .sleepUntil, .stateGet, .stateSet, .stateIncr, .stateDelete, .http: JSONText.string(entry.args)
        }
    }

    static func object(_ entry: FlowJournalRow) -> [(String, Any?)] {
        [
            ("step", Int64(entry.step)), ("kind", entry.kind.rawValue), ("args", entry.args), ("result", entry.result.map(JSONText.raw)),
            ("due_at", entry.dueAt.map(FlowsListCommand.time)), ("at", FlowsListCommand.time(entry.at)),
        ]
    }
}
