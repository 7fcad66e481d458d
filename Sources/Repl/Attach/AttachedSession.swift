import Foundation
import Synchronization

/// The client side of `moonwire repl --attach`: a ``ReplSession`` whose chunks run inside a
/// running `moonwire serve`, over its Unix socket.
public final class AttachedSession: ReplSession {
    private struct State {
        var next = 1
        var waiting: [Int: CheckedContinuation<AttachMessage?, Never>] = [:]
        var evaluating: Int?
        var open = true
    }

    private let channel: FrameChannel
    private let state = Mutex(State())
    /// serve's greeting (provider, database, process id).
    public let hello: AttachMessage

    /// Connects to the serve listening on `path`; `output` receives what the session prints.
    public init(path: String, output: @escaping @Sendable (String) -> Void) throws(AttachError) {
        let fd = try UnixSocket.connect(to: path)
        let channel = FrameChannel(fd: fd)
        // A socket that is not serve's may never speak: do not wait for its greeting forever.
        UnixSocket.setReceiveTimeout(fd, seconds: 30)
        let greeting = channel.receive()
        UnixSocket.setReceiveTimeout(fd, seconds: 0)
        guard let hello = greeting, hello.type == .hello else {
            channel.close()
            throw AttachError(code: "protocol", message: "\(path) did not greet like moonwire serve (is it another program's socket?)")
        }
        guard hello.version == AttachMessage.version else {
            channel.close()
            throw AttachError(
                code: "protocol",
                message: "moonwire serve on \(path) speaks attach protocol \(hello.version ?? 0), this repl \(AttachMessage.version): use the same moonwire build")
        }
        self.channel = channel
        self.hello = hello
        let reader = Thread { [self] in self.readLoop(output: output) }
        reader.name = "moonwire.attach.reader"
        reader.start()
    }

    public var isOpen: Bool { state.withLock { $0.open } }

    public func evaluate(_ chunk: String) async -> ReplOutcome {
        var request = AttachMessage(.eval)
        request.chunk = chunk
        guard let answer = await send(request, evaluating: true) else {
            return .failure(message: "the connection to moonwire serve was closed", traceback: "")
        }
        return answer.outcome
    }

    public func interrupt() {
        guard let id = state.withLock({ $0.evaluating }) else { return }
        channel.send(AttachMessage(.interrupt, id: id))
    }

    public func complete(_ text: String) async -> ReplCompletion {
        var request = AttachMessage(.complete)
        request.text = text
        guard let answer = await send(request, evaluating: false), answer.type == .completions else { return .none }
        return ReplCompletion(word: answer.word ?? "", candidates: answer.items ?? [])
    }

    /// Closes the connection.
    public func close() { channel.close() }

    /// Sends `request` with a fresh id and waits for its answer (nil once the connection is gone).
    private func send(_ request: AttachMessage, evaluating: Bool) async -> AttachMessage? {
        await withCheckedContinuation { continuation in
            let id: Int? = state.withLock { s in
                guard s.open else { return nil }
                let id = s.next
                s.next += 1
                s.waiting[id] = continuation
                if evaluating { s.evaluating = id }
                return id
            }
            guard let id else {
                continuation.resume(returning: nil)
                return
            }
            var message = request
            message.id = id
            channel.send(message)
        }
    }

    private func readLoop(output: @Sendable (String) -> Void) {
        while let message = channel.receive() {
            if message.type == .output {
                output(message.text ?? "")
                continue
            }
            let waiter = state.withLock { s -> CheckedContinuation<AttachMessage?, Never>? in
                guard let id = message.id else { return nil }
                if s.evaluating == id { s.evaluating = nil }
                return s.waiting.removeValue(forKey: id)
            }
            waiter?.resume(returning: message)
        }
        channel.close()
        let waiters = state.withLock { s in
            s.open = false
            s.evaluating = nil
            defer { s.waiting.removeAll() }
            return Array(s.waiting.values)
        }
        for waiter in waiters { waiter.resume(returning: nil) }
    }
}
