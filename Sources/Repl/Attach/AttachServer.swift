import Engine
import Foundation
import Providers
import Storage
import Synchronization

/// What `moonwire serve` listens with for `moonwire repl --attach`: a Unix socket, owner-only,
/// where each connection gets a REPL session inside the live runtime (its own environment,
/// `print` sent back to the client). Sessions run side by side; one that disconnects
/// mid-evaluation has its chunk interrupted.
public final class AttachServer: Sendable {
    /// The socket's path.
    public let path: String
    private let listener: Int32
    private let runtime: ReplRuntime
    private let budget: Duration
    private let stopping = Atomic<Bool>(false)
    private let channels = Mutex<[ObjectIdentifier: FrameChannel]>([:])

    /// Listens on `path` for attached sessions in `host`'s runtime. A stale socket left by a
    /// crash is replaced; a live one (another serve) or a file that is not a socket is refused.
    /// - Parameter budget: time each evaluation may execute Lua (serve's budget).
    public static func start(host: ScriptHost, path: String, budget: Duration) async throws -> AttachServer {
        let runtime = try await ReplRuntime(host: host)
        return try AttachServer(runtime: runtime, path: path, budget: budget)
    }

    /// The socket path `serve` uses: `$MOONWIRE_SOCKET`, else beside the database (`moonwire.sock`).
    public static func defaultPath(databasePath: String, environment: [String: String] = ProcessInfo.processInfo.environment)
        -> String
    {
        UnixSocket.defaultPath(databasePath: databasePath, environment: environment)
    }

    init(runtime: ReplRuntime, path: String, budget: Duration) throws(AttachError) {
        self.runtime = runtime
        self.path = path
        self.budget = budget
        try AttachServer.clearStaleSocket(at: path)
        var address = try UnixSocket.address(path)
        let fd = try UnixSocket.make()
        // Owner-only from the start: with chmod after bind, another user could connect in between.
        let previous = umask(0o177)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        umask(previous)
        guard bound == 0, chmod(path, 0o600) == 0, listen(fd, 16) == 0 else {
            let reason = UnixSocket.errorText()
            close(fd)
            throw AttachError(code: "socket_failed", message: "cannot listen on \(path): \(reason)")
        }
        listener = fd
        let thread = Thread { [self] in self.acceptLoop() }
        thread.name = "moonwire.attach"
        thread.start()
    }

    /// Stops listening, removes the socket and closes every session.
    public func stop() {
        guard !stopping.exchange(true, ordering: .relaxed) else { return }
        unlink(path)
        for channel in channels.withLock({ Array($0.values) }) { channel.close() }
    }

    /// Removes a socket nobody listens on; refuses a live one or a file that is not a socket.
    static func clearStaleSocket(at path: String) throws(AttachError) {
        var status = stat()
        guard lstat(path, &status) == 0 else { return }
        guard status.st_mode & S_IFMT == S_IFSOCK else {
            throw AttachError(
                code: "socket_path",
                message: "\(path) exists and is not a socket: remove it, or give another path with --socket or MOONWIRE_SOCKET")
        }
        let probe = try UnixSocket.make()
        defer { close(probe) }
        if try UnixSocket.connect(probe, to: path) == nil {
            throw AttachError(
                code: "socket_in_use",
                message: "another moonwire serve is listening on \(path): stop it, or give this one another path with --socket")
        }
        unlink(path)
    }

    private func acceptLoop() {
        defer { close(listener) }
        var descriptor = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
        while !stopping.load(ordering: .relaxed) {
            // A timeout, so stop() is noticed without closing the descriptor under a blocked accept.
            guard poll(&descriptor, 1, 200) > 0 else { continue }
            let fd = accept(listener, nil, nil)
            guard fd >= 0 else { continue }
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            let channel = FrameChannel(fd: fd)
            channels.withLock { $0[ObjectIdentifier(channel)] = channel }
            let thread = Thread { [self] in
                self.serve(channel)
                _ = channels.withLock { $0.removeValue(forKey: ObjectIdentifier(channel)) }
            }
            thread.name = "moonwire.attach.session"
            thread.start()
        }
    }

    /// Runs one session: requests are read here, evaluated one at a time by a task, and an
    /// interrupt (or the client going away) stops the chunk being evaluated.
    private func serve(_ channel: FrameChannel) {
        var hello = AttachMessage(.hello)
        hello.version = AttachMessage.version
        hello.provider = runtime.host.provider.name
        hello.database = runtime.host.store.location
        hello.pid = Int(getpid())
        channel.send(hello)

        let (requests, continuation) = AsyncStream<AttachMessage>.makeStream()
        let state = SessionState()
        let runtime = self.runtime, budget = self.budget
        Task {
            let made: ReplEnvironment
            do {
                made = try await runtime.makeSession(
                    roots: [FileManager.default.currentDirectoryPath], plugin: "attach", budget: budget,
                    output: { text in
                        var output = AttachMessage(.output, id: state.evaluating.load(ordering: .relaxed))
                        output.text = text
                        channel.send(output)
                    })
            } catch {
                var failure = AttachMessage(.error, id: 0)
                failure.message = "moonwire serve cannot open a session: \(error)"
                channel.send(failure)
                channel.close()
                return
            }
            state.session.withLock { $0 = made }
            defer { made.close() }
            for await request in requests where channel.isOpen {
                let id = request.id ?? 0
                switch request.type {
                case .eval:
                    state.evaluating.store(id, ordering: .relaxed)
                    let outcome = await made.evaluate(request.chunk ?? "")
                    state.evaluating.store(0, ordering: .relaxed)
                    channel.send(AttachMessage.answer(outcome, id: id))
                case .complete:
                    let completion = await made.complete(request.text ?? "")
                    var answer = AttachMessage(.completions, id: id)
                    answer.word = completion.word
                    answer.items = completion.candidates
                    channel.send(answer)
                default:
                    break
                }
            }
        }
        while let request = channel.receive() {
            switch request.type {
            case .interrupt: state.session.withLock { $0?.interrupt() }
            case .eval, .complete: continuation.yield(request)
            default:
                var refusal = AttachMessage(.error, id: request.id ?? 0)
                refusal.message = "moonwire serve does not take \(request.type.rawValue) frames"
                channel.send(refusal)
            }
        }
        // The client went away (or serve is stopping): stop its chunk, drop what it queued.
        channel.close()
        state.session.withLock { $0?.interrupt() }
        continuation.finish()
    }
}

/// One attached session as its reader thread and evaluating task share it.
private final class SessionState: Sendable {
    let session = Mutex<ReplEnvironment?>(nil)
    /// The eval request being answered (0 between requests), for the output frames it prints.
    let evaluating = Atomic<Int>(0)
}
