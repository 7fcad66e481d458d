import Dispatch
import Foundation

/// The write end of each watched signal's pipe, by signal number: a plain buffer (no reference
/// counting), so the handler only loads an integer and calls `write`, both async-signal-safe.
private nonisolated(unsafe) let signalPipeWriters: UnsafeMutablePointer<Int32> = {
    let writers = UnsafeMutablePointer<Int32>.allocate(capacity: signalCount)
    writers.initialize(repeating: -1, count: signalCount)
    return writers
}()

/// Linux's signal numbers run from 1 to 64 (SIGRTMAX, a function in glibc).
private let signalCount = 65

/// Watches a signal with a real handler that writes a byte to a pipe, read by a dispatch source.
/// A dispatch signal source on Linux sets the signal to "ignore" and reads it through signalfd;
/// a thread that does not block the signal takes it first and drops it. libdispatch parks the
/// main thread in `sigsuspend` with every signal unblocked, so a Ctrl-C was now and then lost
/// (the REPL's loop went on). A handler runs on whichever thread takes the signal: none is lost.
public enum SignalPipe {
    /// Calls `handler` on `queue` each time `signal` arrives (several arrivals between two runs
    /// may run it once). Keep the returned source; cancelling it stops the calls, not the handler.
    public static func watch(
        _ signal: Int32, queue: DispatchQueue = .global(), _ handler: @escaping @Sendable () -> Void
    ) -> any DispatchSourceRead {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { fatalError("SignalPipe: no pipe for signal \(signal): errno \(errno)") }
        for end in ends {
            _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK)
            _ = fcntl(end, F_SETFD, FD_CLOEXEC)
        }
        let reader = ends[0]
        precondition(signal > 0 && Int(signal) < signalCount, "SignalPipe: no signal \(signal)")
        signalPipeWriters[Int(signal)] = ends[1]
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { number in
            var byte: UInt8 = 1
            _ = write(signalPipeWriters[Int(number)], &byte, 1)
        }
        sigemptyset(&action.sa_mask)
        action.sa_flags = SA_RESTART
        sigaction(signal, &action, nil)
        let source = DispatchSource.makeReadSource(fileDescriptor: reader, queue: queue)
        source.setEventHandler {
            var buffer = [UInt8](repeating: 0, count: 64)
            while read(reader, &buffer, buffer.count) > 0 {}
            handler()
        }
        source.resume()
        return source
    }
}
