import Foundation
import TestSupport

/// A child process started with `posix_spawn`, its output read by two plain threads and its exit
/// reaped by a third with a blocking `waitpid`.
///
/// Foundation's `Process` and a pipe's `readabilityHandler` run on libdispatch's event loop, which
/// crashed the test process once in eight runs under load (SIGSEGV in `_dispatch_event_loop_drain`;
/// swift-subprocess left DispatchIO on Linux for the same fault). Threads blocked in `read` and
/// `waitpid` touch no dispatch source, and every wait here is on a condition that those threads
/// signal: nothing polls or sleeps. The waits a test awaits run on a thread of their own (`BlockingWork`).
final class ChildProcess: @unchecked Sendable {
    /// How a child ended.
    enum Termination: Equatable, CustomStringConvertible {
        case exited(Int32)
        case signalled(Int32)

        /// The shell's convention: the exit code, or 128 + the signal number.
        var status: Int32 {
            switch self {
            case .exited(let code): code
            case .signalled(let signal): 128 + signal
            }
        }

        var description: String {
            switch self {
            case .exited(let code): "exit \(code)"
            case .signalled(let signal): "signal \(signal)"
            }
        }
    }

    /// What the child reads.
    enum Input {
        /// `/dev/null`: end of file at once.
        case none
        /// These bytes, then end of file (written to a file first, so no writer can block).
        case bytes([UInt8])
        /// A pipe the test writes with `write(_:)` and closes with `closeInput()`.
        case pipe
    }

    /// Why a child could not be started.
    struct SpawnError: Error, CustomStringConvertible {
        var description: String
    }

    let pid: pid_t
    private let state = State()
    /// The write end of the child's stdin with `.pipe`, -1 otherwise or once closed.
    private var inputDescriptor: Int32 = -1

    /// Starts `executable arguments...` in `directory` with exactly `environment`.
    /// With `captureOutput` false, stdout and stderr go to `/dev/null`. With `mergeOutput`, both go
    /// to one pipe (read as `stdout` and `output`), so lines keep the order they were written in
    /// across the two streams; two pipes are read in whatever order the reads return.
    init(
        _ executable: String, _ arguments: [String], environment: [String: String], directory: String,
        input: Input = .none, captureOutput: Bool = true, mergeOutput: Bool = false
    ) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var parentEnds: [Int32] = []
        var childEnds: [Int32] = []  // closed in this process once the child has its copies
        var inputFile: String?  // removed once the child has it open
        defer {
            for fd in childEnds { close(fd) }
            if let inputFile { unlink(inputFile) }
        }
        // Close-on-exec from the start: a child spawned concurrently by another test must not
        // inherit our ends, or our reader would wait for that other child's exit to see end of
        // file. Glibc's pipe2 is hidden from Swift, so pipe + fcntl run under the spawn lock.
        ChildProcess.spawnLock.lock()
        defer { ChildProcess.spawnLock.unlock() }
        func pipeEnds() throws -> (read: Int32, write: Int32) {
            var fds: [Int32] = [-1, -1]
            guard pipe(&fds) == 0 else { throw SpawnError(description: "pipe: \(String(cString: strerror(errno)))") }
            for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
            return (fds[0], fds[1])
        }

        switch input {
        case .none:
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        case .bytes(let bytes):
            let path = NSTemporaryDirectory() + "moonwire-stdin-\(UUID().uuidString)"
            guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else {
                throw SpawnError(description: "cannot write the child's input to \(path)")
            }
            inputFile = path
            posix_spawn_file_actions_addopen(&actions, 0, path, O_RDONLY, 0)
        case .pipe:
            let ends = try pipeEnds()
            childEnds.append(ends.read)
            inputDescriptor = ends.write
            posix_spawn_file_actions_adddup2(&actions, ends.read, 0)  // dup2 clears FD_CLOEXEC
        }
        var readers: [(fd: Int32, stream: Stream)] = []
        if captureOutput, mergeOutput {
            let ends = try pipeEnds()
            childEnds.append(ends.write)
            parentEnds.append(ends.read)
            readers.append((ends.read, .stdout))
            posix_spawn_file_actions_adddup2(&actions, ends.write, 1)
            posix_spawn_file_actions_adddup2(&actions, ends.write, 2)
        } else if captureOutput {
            for (target, stream) in [(Int32(1), Stream.stdout), (2, .stderr)] {
                let ends = try pipeEnds()
                childEnds.append(ends.write)
                parentEnds.append(ends.read)
                readers.append((ends.read, stream))
                posix_spawn_file_actions_adddup2(&actions, ends.write, target)
            }
        } else {
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        }

        // The test runner ignores SIGPIPE and its threads may block signals; the child must get
        // the defaults, as it would from a shell (serve traps SIGTERM itself).
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t(), all = sigset_t()
        sigemptyset(&empty)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        // posix_spawn_file_actions_addchdir_np is hidden from Swift too: a shell changes directory,
        // then becomes the command (same process, so `pid` is the command's).
        let command = ["/bin/sh", "-c", "cd \"$0\" && exec \"$@\"", directory, executable] + arguments
        let argv = command.map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for pointer in argv + envp { free(pointer) } }
        var child = pid_t()
        let status = posix_spawn(&child, "/bin/sh", &actions, &attributes, argv, envp)
        guard status == 0 else {
            for fd in parentEnds { close(fd) }
            if inputDescriptor >= 0 { close(inputDescriptor) }
            throw SpawnError(description: "cannot start \(executable): \(String(cString: strerror(status)))")
        }
        pid = child

        let state = self.state, spawned = child
        state.openStreams = readers.count
        for (fd, stream) in readers {
            Thread.detachNewThread { state.drain(fd, into: stream) }
        }
        Thread.detachNewThread { state.reap(spawned) }
    }

    deinit {
        if inputDescriptor >= 0 { close(inputDescriptor) }
        // The reaper thread collects it; nothing outlives the test that started it.
        signal(SIGKILL)
    }

    /// Writes `bytes` to the child's stdin (`.pipe` only); false once the child stopped reading.
    @discardableResult
    func write(_ bytes: [UInt8]) -> Bool {
        var rest = bytes[...]
        while !rest.isEmpty, inputDescriptor >= 0 {
            let n = rest.withUnsafeBytes { Glibc.write(inputDescriptor, $0.baseAddress, $0.count) }
            if n < 0, errno == EINTR { continue }
            if n <= 0 { return false }
            rest = rest.dropFirst(n)
        }
        return rest.isEmpty
    }

    /// Closes the child's stdin: it reads end of file.
    func closeInput() {
        if inputDescriptor >= 0 { close(inputDescriptor) }
        inputDescriptor = -1
    }

    /// Sends `signal` unless the child has been reaped (its pid may belong to another by then).
    func signal(_ signal: Int32) {
        state.condition.withLock {
            if state.termination == nil { kill(pid, signal) }
        }
    }

    /// True until the child has exited and been reaped.
    var isRunning: Bool { state.condition.withLock { state.termination == nil } }

    /// Everything the child wrote to stdout so far.
    var stdout: String { state.condition.withLock { String(decoding: state.stdout, as: UTF8.self) } }
    /// Everything the child wrote to stderr so far.
    var stderr: String { state.condition.withLock { String(decoding: state.stderr, as: UTF8.self) } }
    /// Both streams interleaved in the order the reads returned.
    var output: String { state.condition.withLock { String(decoding: state.combined, as: UTF8.self) } }

    /// Which output `waitForOutput` looks at.
    enum Output { case stdout, stderr, combined }

    /// Waits until `condition` holds of `output` (checked at each new chunk and at exit); false
    /// if `timeout` seconds pass or the child ends first without it holding. `condition` runs
    /// under the output lock: it must not read this object's properties.
    func waitForOutput(
        _ output: Output = .combined, timeout: TimeInterval, _ condition: @escaping @Sendable (String) -> Bool
    ) async -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        let state = self.state
        return await BlockingWork.run { state.waitForOutput(output, until: deadline, condition) }
    }

    /// Waits until the child has exited and all its output is read; nil if `timeout` passes first.
    func wait(timeout: TimeInterval) async -> Termination? {
        let deadline = Date().addingTimeInterval(timeout)
        let state = self.state
        return await BlockingWork.run { state.waitForEnd(until: deadline) }
    }

    /// Waits however long it takes (after a SIGKILL, say). It blocks its thread: for `defer`
    /// blocks and for children already signalled, whose end is a matter of milliseconds.
    @discardableResult
    func wait() -> Termination {
        state.condition.withLock {
            while state.termination == nil || state.openStreams > 0 { state.condition.wait() }
            return state.termination!
        }
    }

    private enum Stream { case stdout, stderr }

    /// Held from making a child's pipes to spawning it (see `init`); other spawners take it too.
    static let spawnLock = NSLock()

    /// What the threads write and the waits read; every access holds `condition`'s lock.
    private final class State: @unchecked Sendable {
        let condition = NSCondition()
        var stdout: [UInt8] = []
        var stderr: [UInt8] = []
        var combined: [UInt8] = []
        var openStreams = 0
        var termination: Termination?

        func waitForOutput(_ output: Output, until deadline: Date, _ condition: (String) -> Bool) -> Bool {
            func holds() -> Bool {
                switch output {
                case .stdout: condition(String(decoding: stdout, as: UTF8.self))
                case .stderr: condition(String(decoding: stderr, as: UTF8.self))
                case .combined: condition(String(decoding: combined, as: UTF8.self))
                }
            }
            return self.condition.withLock {
                while true {
                    if holds() { return true }
                    if termination != nil, openStreams == 0 { return false }
                    if !self.condition.wait(until: deadline) { return holds() }
                }
            }
        }

        func waitForEnd(until deadline: Date) -> Termination? {
            condition.withLock {
                while termination == nil || openStreams > 0 {
                    if !condition.wait(until: deadline) { break }
                }
                return openStreams == 0 ? termination : nil
            }
        }

        func drain(_ fd: Int32, into stream: Stream) {
            var buffer = [UInt8](repeating: 0, count: 65_536)
            while true {
                let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                if n < 0, errno == EINTR { continue }
                if n <= 0 { break }
                condition.withLock {
                    switch stream {
                    case .stdout: stdout += buffer[..<n]
                    case .stderr: stderr += buffer[..<n]
                    }
                    combined += buffer[..<n]
                    condition.broadcast()
                }
            }
            close(fd)
            condition.withLock {
                openStreams -= 1
                condition.broadcast()
            }
        }

        func reap(_ pid: pid_t) {
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0, errno == EINTR {}
            // WIFEXITED / WEXITSTATUS / WTERMSIG are macros Swift cannot see.
            let ended: Termination = (status & 0x7F) == 0 ? .exited((status >> 8) & 0xFF) : .signalled(status & 0x7F)
            condition.withLock {
                termination = ended
                condition.broadcast()
            }
        }
    }
}
