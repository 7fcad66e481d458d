import Foundation
import Testing

/// Lets at most `ProcessSlots.width` end-to-end tests run at once; put on every suite here.
///
/// Each of these tests runs the built binary, some several serves at once. Left to the test
/// runner, which starts every test together, dozens of processes share the machine's cores and
/// the wall-clock limits inside them (a 5 s budget, a 14 s load deadline) fire in tests that
/// are not at fault. Waiting for a slot holds no thread.
struct ProcessSlot: SuiteTrait, TestTrait, TestScoping {
    var isRecursive: Bool { true }

    /// A slot per test case; the suite itself takes none (its tests do), so nothing waits on itself.
    func scopeProvider(for test: Test, testCase: Test.Case?) -> ProcessSlot? {
        testCase == nil ? nil : self
    }

    func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        await ProcessSlots.shared.acquire()
        do {
            try await function()
        } catch {
            await ProcessSlots.shared.release()
            throw error
        }
        await ProcessSlots.shared.release()
    }
}

extension Trait where Self == ProcessSlot {
    /// Runs each test of the suite in one of the few end-to-end slots.
    static var processSlot: ProcessSlot { ProcessSlot() }
}

/// The slots: as many as the machine has cores (at least 2), or `MOONWIRE_E2E_WIDTH`.
actor ProcessSlots {
    static let shared = ProcessSlots(
        width: ProcessInfo.processInfo.environment["MOONWIRE_E2E_WIDTH"].flatMap(Int.init)
            ?? max(2, ProcessInfo.processInfo.activeProcessorCount))

    private let width: Int
    private var busy = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(width: Int) { self.width = max(1, width) }

    /// Waits for a free slot and takes it.
    func acquire() async {
        if busy < width {
            busy += 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }  // the releaser hands its slot over
    }

    /// Gives the slot to the longest waiter, or frees it.
    func release() {
        if waiting.isEmpty {
            busy -= 1
        } else {
            waiting.removeFirst().resume()
        }
    }
}
