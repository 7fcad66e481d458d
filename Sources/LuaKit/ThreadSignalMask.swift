import Foundation

/// The signal mask of the threads LuaKit starts. A process-wide signal (Ctrl-C's SIGINT, a
/// SIGTERM) goes to any thread that does not block it; where its disposition is "ignore", as for
/// signals a dispatch source watches on Linux (through signalfd), a thread that takes it drops
/// it, and the source never sees it. So LuaKit's threads block every signal but their own, as
/// libdispatch's workers do, whatever thread created them.
enum ThreadSignalMask {
    /// Blocks every asynchronous signal on the calling thread, except `signal` (unblocked).
    /// Signals a fault or a trap raises on the thread itself stay unblocked, so a crash there
    /// still reaches the crash handler.
    static func blockAll(except signal: Int32? = nil) {
        var set = sigset_t()
        sigfillset(&set)
        for synchronous in [SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP, SIGABRT] { sigdelset(&set, synchronous) }
        if let signal { sigdelset(&set, signal) }
        pthread_sigmask(SIG_SETMASK, &set, nil)
    }
}
