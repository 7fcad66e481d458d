#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Splits a file descriptor's bytes into lines, holding at most one line (up to a cap) in memory.
///
/// A line ends at LF; a CR before it is dropped (files saved on Windows), and a last line without
/// LF still counts. A line longer than the cap is skipped as it streams past and reported by length.
final class LineReader {
    /// One line, without its line break.
    enum Line {
        /// The line's bytes; valid only during the callback.
        case content(UnsafeBufferPointer<UInt8>)
        /// The line was longer than the cap; it had this many bytes.
        case tooLong(byteCount: Int)
    }

    private let fileDescriptor: Int32
    private let maximumLineLength: Int
    private let buffer: UnsafeMutableBufferPointer<UInt8>

    /// Reads `fileDescriptor` (not closed here), in chunks of `chunkSize` bytes.
    init(fileDescriptor: Int32, maximumLineLength: Int, chunkSize: Int = 64 * 1024) {
        self.fileDescriptor = fileDescriptor
        self.maximumLineLength = maximumLineLength
        // Room for a whole line at the cap plus one more chunk after it.
        buffer = .allocate(capacity: maximumLineLength + chunkSize + 1)
    }

    deinit { buffer.deallocate() }

    /// Calls `body` with each line in order until end of input. `beforeWaiting` runs before each
    /// read, which may block: the place to flush output, so results stream while input trickles in.
    func forEachLine(
        beforeWaiting: () throws(BatchIOError) -> Void, _ body: (Line) throws(BatchIOError) -> Void
    ) throws(BatchIOError) {
        let base = buffer.baseAddress!
        var start = 0
        var end = 0
        var skipped: Int?  // bytes of an over-long line already thrown away
        var atEnd = false
        while true {
            while start < end, let newline = memchr(base + start, 0x0A, end - start) {
                let lineEnd = base.distance(to: newline.assumingMemoryBound(to: UInt8.self))
                try emit(start..<lineEnd, skipped: skipped, body)
                skipped = nil
                start = lineEnd + 1
            }
            if atEnd {
                if start < end || skipped != nil { try emit(start..<end, skipped: skipped, body) }
                return
            }
            // Keep the partial line, unless it already passed the cap: then only count it.
            if let already = skipped {
                skipped = already + (end - start)
                end = 0
            } else if end - start > maximumLineLength + 1 {  // + 1: a CR that will be dropped
                skipped = end - start
                end = 0
            } else if start > 0 {
                memmove(base, base + start, end - start)
                end -= start
            }
            start = 0
            try beforeWaiting()
            let count = try read(into: base + end, capacity: buffer.count - end)
            if count == 0 { atEnd = true }
            end += count
        }
    }

    private func emit(
        _ range: Range<Int>, skipped: Int?, _ body: (Line) throws(BatchIOError) -> Void
    ) throws(BatchIOError) {
        if let skipped {
            try body(.tooLong(byteCount: skipped + range.count))
            return
        }
        var range = range
        if !range.isEmpty, buffer[range.upperBound - 1] == 0x0D { range = range.lowerBound..<range.upperBound - 1 }
        if range.count > maximumLineLength {
            try body(.tooLong(byteCount: range.count))
        } else {
            try body(.content(UnsafeBufferPointer(rebasing: buffer[range])))
        }
    }

    private func read(into pointer: UnsafeMutablePointer<UInt8>, capacity: Int) throws(BatchIOError) -> Int {
        while true {
            #if canImport(Glibc)
            let count = Glibc.read(fileDescriptor, pointer, capacity)
            #else
            let count = Darwin.read(fileDescriptor, pointer, capacity)
            #endif
            if count >= 0 { return count }
            if errno == EINTR { continue }
            throw BatchIOError(message: "cannot read stdin: \(String(cString: strerror(errno)))")
        }
    }
}
