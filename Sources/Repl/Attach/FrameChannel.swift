import Foundation

/// A connected socket carrying ``AttachMessage`` frames (4-byte big-endian length, JSON).
/// Frames are sent by a writer thread, so a client that stops reading never blocks the Lua
/// runtime that prints to it: past a backlog of 4 MiB, output frames are dropped.
final class FrameChannel: @unchecked Sendable {
    // Safety: `queue`, `queuedBytes` and `closed` are only touched under `condition`; `fd` is
    // immutable and closed once, in deinit, after both threads that use it are done.
    let fd: Int32
    private let condition = NSCondition()
    private var queue: [Data] = []
    private var queuedBytes = 0
    private var closed = false

    /// The largest frame either side accepts.
    static let maximumFrame = 16 << 20
    /// Output queued beyond this is dropped (the client is not reading).
    static let maximumBacklog = 4 << 20

    /// Takes ownership of the connected socket `fd` and starts its writer thread.
    init(fd: Int32) {
        self.fd = fd
        var one: Int32 = 1
        _ = setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &one, socklen_t(MemoryLayout<Int32>.size))
        let writer = Thread { [self] in self.writeLoop() }
        writer.name = "moonwire.attach.writer"
        writer.start()
    }

    deinit { Foundation.close(fd) }

    /// False once either side closed the connection.
    var isOpen: Bool {
        condition.lock()
        defer { condition.unlock() }
        return !closed
    }

    /// Queues `message`; dropped once closed (and output frames past the backlog).
    func send(_ message: AttachMessage) {
        guard let body = try? JSONEncoder().encode(message) else { return }
        var frame = Data(count: 4)
        let length = UInt32(body.count)
        frame[0] = UInt8(length >> 24)
        frame[1] = UInt8((length >> 16) & 0xFF)
        frame[2] = UInt8((length >> 8) & 0xFF)
        frame[3] = UInt8(length & 0xFF)
        frame.append(body)
        condition.lock()
        defer { condition.unlock() }
        guard !closed else { return }
        if message.type == .output, queuedBytes + frame.count > FrameChannel.maximumBacklog { return }
        queue.append(frame)
        queuedBytes += frame.count
        condition.signal()
    }

    /// The next frame; nil at end of stream, on an error or on a malformed frame.
    func receive() -> AttachMessage? {
        guard let header = readExactly(4) else { return nil }
        let length = Int(header[0]) << 24 | Int(header[1]) << 16 | Int(header[2]) << 8 | Int(header[3])
        guard length <= FrameChannel.maximumFrame, let body = readExactly(length) else { return nil }
        return try? JSONDecoder().decode(AttachMessage.self, from: Data(body))
    }

    /// Sends what is queued, then closes both directions (the reader sees the end of stream).
    func close() {
        condition.lock()
        closed = true
        condition.signal()
        condition.unlock()
    }

    private func readExactly(_ count: Int) -> [UInt8]? {
        var bytes = [UInt8](repeating: 0, count: count)
        var done = 0
        while done < count {
            let n = bytes.withUnsafeMutableBytes { recv(fd, $0.baseAddress! + done, count - done, 0) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { return nil }
            done += n
        }
        return bytes
    }

    private func writeLoop() {
        while true {
            condition.lock()
            while queue.isEmpty && !closed { condition.wait() }
            let batch = queue
            queue.removeAll()
            queuedBytes = 0
            let finished = closed
            condition.unlock()
            for frame in batch where !writeAll(frame) {
                condition.lock()
                closed = true
                queue.removeAll()
                condition.unlock()
                shutdown(fd, Int32(SHUT_RDWR))
                return
            }
            if finished && batch.isEmpty {
                shutdown(fd, Int32(SHUT_RDWR))
                return
            }
        }
    }

    private func writeAll(_ frame: Data) -> Bool {
        frame.withUnsafeBytes { raw in
            var done = 0
            while done < raw.count {
                let n = Foundation.send(fd, raw.baseAddress! + done, raw.count - done, Int32(MSG_NOSIGNAL))
                if n < 0, errno == EINTR { continue }
                guard n > 0 else { return false }
                done += n
            }
            return true
        }
    }
}
