import Foundation
import LuaKit
import Storage
import Synchronization

/// One execution of a flow run, from the top of its function until it returns or parks: the
/// journal loaded for replay, the step counter, and the steps recorded in memory (`flow:now`,
/// `flow:random`, completions) that go to the store with the run's next transaction.
///
/// Bound as a task-local around the run, so `flow:` methods (and the guards on `os.time`,
/// `math.random`...) know which run calls them, also from coroutines the flow creates.
final class FlowExecution: Sendable {
    /// What a step is, seen from the journal.
    enum Step {
        /// Journaled with a result: return it, do nothing.
        case replay(FlowStepResult)
        /// Journaled without a result yet (a sleep, an ask, a send in flight): finish or park.
        case pending(FlowJournalRow)
        /// Not journaled: do it.
        case live(Int)
        /// The journal recorded something else here: the run cannot go on.
        case diverged(String)
    }

    private struct State {
        var journal: [Int: FlowJournalRow]
        var lastJournaled: Int
        var nextStep = 1
        var pendingEntries: [FlowJournalRow] = []
        var pendingCompletions: [(step: Int, result: String)] = []
        var divergence: String?
        /// Where the replay diverged: the step, what the journal recorded, what the code calls.
        var divergentStep: (step: Int, journaled: String, current: String)?
        /// Checking only: the first step the journal holds no result for, where the check stopped.
        var frontier: Int?

        /// A check reached a step with nothing journaled to compare (or no result yet): the
        /// replay matched so far; the step ends it, doing nothing.
        mutating func stopChecking(at step: Int) -> Step {
            frontier = step
            return .diverged("checked up to step \(step)")
        }
    }

    let run: FlowRunRow
    let runID: Int64
    /// The contact's template values with the run's vars on top.
    let templateValues: [String: String]
    private let state: Mutex<State>

    /// The execution the current task runs, if it runs a flow.
    @TaskLocal static var current: FlowExecution?

    /// The run tag of a flow's runs (``LuaRuntime``'s `tag`): the determinism guards (C
    /// wrappers of `math.random`, `os.time`...) read it, so they cost nothing elsewhere.
    static let runTag: Int32 = 1

    /// The `word` method reply tables get, in the state the run executes in.
    let word: LuaReference?

    /// True for a replay that only checks the code against the journal (`moonwire flows check`):
    /// it stops at the first step without a journaled result, and does nothing live.
    let checking: Bool

    init(
        run: FlowRunRow, journal: [FlowJournalRow], templateValues: [String: String], word: LuaReference? = nil,
        checking: Bool = false
    ) {
        self.word = word
        self.checking = checking
        self.run = run
        self.runID = run.id ?? 0
        self.templateValues = templateValues
        var byStep: [Int: FlowJournalRow] = [:]
        for entry in journal { byStep[entry.step] = entry }
        state = Mutex(State(journal: byStep, lastJournaled: journal.map(\.step).max() ?? 0))
    }

    /// Takes the next step number and says what the journal holds for it. `args` is what the
    /// code passed, compared with what the journal recorded.
    func beginStep(kind: FlowJournalRow.Kind, args: String) -> Step {
        state.withLock { s in
            if let divergence = s.divergence { return .diverged(divergence) }
            if checking, let frontier = s.frontier { return .diverged("checked up to step \(frontier)") }
            let step = s.nextStep
            s.nextStep += 1
            guard let entry = s.journal[step] else {
                if checking { return s.stopChecking(at: step) }
                return .live(step)
            }
            guard entry.kind == kind, entry.args == args else {
                let message =
                    "flow \(run.flow) (run \(runID)) is not deterministic at step \(step): its journal recorded "
                    + "\(FlowExecution.describe(kind: entry.kind, args: entry.args)) but the code now calls "
                    + "\(FlowExecution.describe(kind: kind, args: args)). A flow must make the same calls in the same "
                    + "order when it replays: use flow:now() and flow:random(), not the clock or random numbers, and "
                    + "do not branch on data that can change (globals, the directory). The run is stopped."
                s.divergence = message
                s.divergentStep = (step, FlowExecution.describe(kind: entry.kind, args: entry.args), FlowExecution.describe(kind: kind, args: args))
                return .diverged(message)
            }
            guard let result = entry.result else {
                if checking { return s.stopChecking(at: step) }
                return .pending(entry)
            }
            do {
                return .replay(try FlowStepResult(json: result))
            } catch {
                let message = "flow \(run.flow) (run \(runID)): the journal entry of step \(step) is damaged: \(error)"
                s.divergence = message
                return .diverged(message)
            }
        }
    }

    /// How a step reads in messages: `flow:sleep("3d")`.
    static func describe(kind: FlowJournalRow.Kind, args: String) -> String {
        switch kind {
        case .now: "flow:now()"
        case .random: "flow:random(\(args))"
        case .http: "flow:http{\(args.count > 60 ? String(args.prefix(60)) + "..." : args)}"
        case .send, .ask, .sleep, .sleepUntil, .stateGet, .stateSet, .stateIncr, .stateDelete:
            "flow:\(kind.rawValue)(\"\(args.count > 40 ? String(args.prefix(40)) + "..." : args)\")"
        }
    }

    /// Records a step done in memory (`now`, `random`, a failure before any store work); it is
    /// written with the run's next transaction.
    func record(_ entry: FlowJournalRow) {
        state.withLock { s in
            s.journal[entry.step] = entry
            s.pendingEntries.append(entry)
            s.lastJournaled = max(s.lastJournaled, entry.step)
        }
    }

    /// Notes that `entry` was written to the store (with its outbox or timer row).
    func stored(_ entry: FlowJournalRow) {
        state.withLock { s in
            s.journal[entry.step] = entry
            s.lastJournaled = max(s.lastJournaled, entry.step)
        }
    }

    /// Records the result of a step journaled earlier without one (written with the next transaction).
    func complete(step: Int, with result: FlowStepResult) {
        let json = result.json
        state.withLock { s in
            s.journal[step]?.result = json
            s.pendingCompletions.append((step, json))
        }
    }

    /// Takes what was recorded in memory, for the transaction about to be committed.
    func takePending() -> (entries: [FlowJournalRow], completions: [(step: Int, result: String)]) {
        state.withLock { s in
            defer {
                s.pendingEntries = []
                s.pendingCompletions = []
            }
            return (s.pendingEntries, s.pendingCompletions)
        }
    }

    /// Where a check stopped: the step where the replay diverged, with what the journal
    /// recorded and what the code calls now; nil when it matched up to `frontier`.
    var divergentStep: (step: Int, journaled: String, current: String)? { state.withLock { $0.divergentStep } }

    /// Where a check that matched stopped (the step the run waits at, or its next live step).
    var frontier: Int? { state.withLock { $0.frontier } }

    /// The last step the function reached.
    var reachedStep: Int { state.withLock { $0.nextStep - 1 } }

    /// Why the run cannot go on, when its replay diverged from the journal.
    var divergence: String? { state.withLock { $0.divergence } }

    /// When the function returned with journal entries it never reached, the divergence message.
    func unreachedJournal() -> String? {
        state.withLock { s in
            let reached = s.nextStep - 1
            guard s.lastJournaled > reached, let next = s.journal[reached + 1] else { return nil }
            return "flow \(run.flow) (run \(runID)) is not deterministic: the function returned after step \(reached) "
                + "but its journal goes on with \(FlowExecution.describe(kind: next.kind, args: next.args)) at step "
                + "\(reached + 1). A flow must make the same calls in the same order when it replays. The run is stopped."
        }
    }
}
