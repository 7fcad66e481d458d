import Foundation

/// A terminal on two file descriptors, as the line editor uses it: raw mode while a line is
/// edited (no echo, no line discipline, no signals from Ctrl-C), reads with a timeout, writes,
/// and its width.
public final class Terminal: @unchecked Sendable {
    // Safety: `saved` is touched only by the thread editing a line (enterRawMode/restore);
    // writes are whole `write(2)` calls.
    let input: Int32
    let output: Int32
    private var saved: termios?

    /// The terminal on `input` and `output` (standard input and output by default).
    public init(input: Int32 = STDIN_FILENO, output: Int32 = STDOUT_FILENO) {
        self.input = input
        self.output = output
    }

    /// True when both standard input and output are terminals: the REPL edits lines.
    public static var isInteractive: Bool { isatty(STDIN_FILENO) != 0 && isatty(STDOUT_FILENO) != 0 }

    /// Switches to raw mode; false when the input is not a terminal. Typed-ahead input is kept
    /// (TCSADRAIN, not TCSAFLUSH), so lines pasted while a chunk ran are not lost.
    @discardableResult
    public func enterRawMode() -> Bool {
        var original = termios()
        guard tcgetattr(input, &original) == 0 else { return false }
        var raw = original
        raw.c_iflag &= ~tcflag_t(BRKINT | ICRNL | INPCK | ISTRIP | IXON)
        raw.c_cflag |= tcflag_t(CS8)
        // OPOST stays on, so "\n" still moves to the start of the next line.
        raw.c_lflag &= ~tcflag_t(ECHO | ICANON | IEXTEN | ISIG)
        withUnsafeMutableBytes(of: &raw.c_cc) { cc in
            cc[Int(VMIN)] = 1
            cc[Int(VTIME)] = 0
        }
        guard tcsetattr(input, TCSADRAIN, &raw) == 0 else { return false }
        if saved == nil { saved = original }
        return true
    }

    /// Back to the mode the terminal had before ``enterRawMode()``.
    public func restore() {
        guard var original = saved else { return }
        _ = tcsetattr(input, TCSADRAIN, &original)
        saved = nil
    }

    /// The width in columns (80 when unknown).
    public var columns: Int {
        var size = winsize()
        if ioctl(output, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        return 80
    }

    /// Writes all of `text`.
    public func write(_ text: String) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let n = bytes.withUnsafeBytes { Foundation.write(output, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                return
            }
            bytes = bytes.dropFirst(n)
        }
    }

    /// Bytes available within `timeout` milliseconds (nil: wait as long as it takes); empty
    /// when none came in time, nil at end of input.
    public func read(timeout: Int32? = nil) -> [UInt8]? {
        var descriptor = pollfd(fd: input, events: Int16(POLLIN), revents: 0)
        while true {
            let ready = poll(&descriptor, 1, timeout ?? -1)
            if ready < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if ready == 0 { return [] }
            var buffer = [UInt8](repeating: 0, count: 4096)
            let n = buffer.withUnsafeMutableBytes { Foundation.read(input, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                return nil
            }
            return n == 0 ? nil : Array(buffer[..<n])
        }
    }
}
