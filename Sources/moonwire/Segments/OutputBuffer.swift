#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Collects output bytes and writes them to a file descriptor in large chunks.
///
/// One `write` per result line would cost a system call each; one per buffer keeps batch mode fast.
final class OutputBuffer {
    /// The bytes not written yet; append to it directly.
    var bytes: [UInt8] = []

    private let fileDescriptor: Int32
    private let threshold: Int

    /// Writes to `fileDescriptor` (not closed here) whenever `flushIfFull` finds `threshold` bytes waiting.
    init(fileDescriptor: Int32, threshold: Int = 64 * 1024) {
        self.fileDescriptor = fileDescriptor
        self.threshold = threshold
        bytes.reserveCapacity(threshold + 4096)
    }

    /// Writes the buffer if it holds at least the threshold.
    func flushIfFull() throws(BatchIOError) {
        if bytes.count >= threshold { try flush() }
    }

    /// Writes everything waiting.
    func flush() throws(BatchIOError) {
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { raw in
                #if canImport(Glibc)
                Glibc.write(fileDescriptor, raw.baseAddress! + written, raw.count - written)
                #else
                Darwin.write(fileDescriptor, raw.baseAddress! + written, raw.count - written)
                #endif
            }
            if count < 0 {
                if errno == EINTR { continue }
                throw BatchIOError(message: "cannot write stdout: \(String(cString: strerror(errno)))")
            }
            written += count
        }
        bytes.removeAll(keepingCapacity: true)
    }
}
