import Testing

@testable import Engine

@Suite("WakeSignal: the router loop's wake-up when a number's routing ends")
struct WakeSignalTests {
    @Test("a signal given before the wait is kept: the wait ends by it, not by its time")
    func signalBeforeWait() async {
        let signal = WakeSignal()
        signal.signal()
        #expect(await signal.wait(atMost: .seconds(600)))
        // Spent: the next wait ends by its time.
        #expect(await signal.wait(atMost: .milliseconds(1)) == false)
    }

    @Test("a signal wakes a wait already under way")
    func signalDuringWait() async {
        let signal = WakeSignal()
        async let woken = signal.wait(atMost: .seconds(600))
        while !signal.isWaiting { await Task.yield() }
        signal.signal()
        #expect(await woken)
        #expect(!signal.isWaiting)
    }

    @Test("without a signal the wait ends at its limit, and keeps no signal")
    func limitEndsTheWait() async {
        let signal = WakeSignal()
        #expect(await signal.wait(atMost: .milliseconds(1)) == false)
        #expect(await signal.wait(atMost: .milliseconds(1)) == false)
    }

    @Test("the timer of a wait a signal ended does not end the next wait")
    func oldTimerDoesNotWakeANewerWait() async throws {
        let signal = WakeSignal()
        async let first = signal.wait(atMost: .milliseconds(50))
        while !signal.isWaiting { await Task.yield() }
        signal.signal()
        #expect(await first)
        // The first wait's timer is still to fire: the next wait must end by the signal given
        // after that timer's time, not by the old timer.
        async let second = signal.wait(atMost: .seconds(600))
        while !signal.isWaiting { await Task.yield() }
        try await Task.sleep(for: .milliseconds(200))
        signal.signal()
        #expect(await second)
    }
}
