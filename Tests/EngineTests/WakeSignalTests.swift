import Synchronization
import Testing

@testable import Engine

@Suite("WakeSignal: the router loop's wake-up when a number's routing ends")
struct WakeSignalTests {
    @Test("a signal given before the wait is kept: the wait returns without waiting out its limit")
    func signalBeforeWait() async {
        let signal = WakeSignal()
        signal.signal()
        let clock = ContinuousClock()
        let took = await clock.measure { await signal.wait(atMost: .seconds(600)) }
        // A hang guard: a lost signal would wait the whole 600 s.
        #expect(took < .seconds(300))
    }

    @Test("a signal wakes a wait already under way, and is spent by it")
    func signalDuringWait() async {
        let signal = WakeSignal()
        let woke = Flag()
        async let waiter: Void = {
            await signal.wait(atMost: .seconds(600))
            woke.set()
        }()
        // Signal until the waiter has woken: a signal that came before it waited is kept too.
        while !woke.isSet {
            signal.signal()
            try? await Task.sleep(for: .milliseconds(10))
        }
        await waiter
        #expect(woke.isSet)
    }

    @Test("without a signal the wait ends at its limit")
    func limitEndsTheWait() async {
        let signal = WakeSignal()
        await signal.wait(atMost: .milliseconds(1))
        // Nothing signalled: had the wait kept a signal, this one would not be pending now.
        let woke = Flag()
        async let waiter: Void = {
            await signal.wait(atMost: .seconds(600))
            woke.set()
        }()
        try? await Task.sleep(for: .milliseconds(50))
        #expect(!woke.isSet)
        signal.signal()
        await waiter
        #expect(woke.isSet)
    }

    @Test("the timer of a wait a signal ended does not end the next wait")
    func oldTimerDoesNotWakeANewerWait() async {
        let signal = WakeSignal()
        let first = Flag()
        async let firstWait: Void = {
            await signal.wait(atMost: .milliseconds(100))
            first.set()
        }()
        while !first.isSet {
            signal.signal()
            try? await Task.sleep(for: .milliseconds(5))
        }
        await firstWait
        await signal.wait(atMost: .milliseconds(1))  // spends a signal the loop may have left
        let second = Flag()
        async let secondWait: Void = {
            await signal.wait(atMost: .seconds(600))
            second.set()
        }()
        // The first wait's timer fires 100 ms after it began: it must not end this one.
        try? await Task.sleep(for: .milliseconds(300))
        #expect(!second.isSet)
        signal.signal()
        await secondWait
        #expect(second.isSet)
    }
}

/// A flag one task sets and another reads.
private final class Flag: Sendable {
    private let value = Atomic<Bool>(false)
    var isSet: Bool { value.load(ordering: .relaxed) }
    func set() { value.store(true, ordering: .relaxed) }
}
