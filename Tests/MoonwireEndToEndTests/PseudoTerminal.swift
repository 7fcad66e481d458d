import Foundation
import TestSupport
import Testing

/// The built binary on a pseudo-terminal, as someone at a terminal runs it: the child leads its
/// own session with the terminal as its controlling one, so a typed Ctrl-C (0x03) becomes
/// SIGINT when the line discipline is on, and a raw byte when the line editor has it off.
final class PseudoTerminal {
    let pid: pid_t
    private let master: Int32
    private var bytes: [UInt8] = []
    /// How much of the (cleaned) output earlier expectations consumed.
    private var consumed = 0
    private var exitStatus: Int32?

    /// Starts `moonwire arguments...` in `p`'s directory on a new terminal `columns` wide.
    init(_ p: MoonwireProcess, arguments: [String], environment extra: [String: String] = [:], columns: UInt16 = 200) throws {
        // posix_openpt, unlockpt and ptsname are hidden from Swift (glibc gates them behind
        // _XOPEN_SOURCE); these are what they do on Linux.
        master = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC)
        var unlock: Int32 = 0
        var number: UInt32 = 0
        guard master >= 0, ioctl(master, PseudoTerminal.TIOCSPTLCK, &unlock) == 0,
            ioctl(master, PseudoTerminal.TIOCGPTN, &number) == 0
        else {
            throw ServeFailure(message: "cannot open a pseudo-terminal: \(String(cString: strerror(errno)))")
        }
        let terminalPath = "/dev/pts/\(number)"
        var size = winsize(ws_row: 50, ws_col: columns, ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(master, UInt(TIOCSWINSZ), &size)

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // Opened after setsid (the attributes apply first), so it becomes the controlling terminal.
        posix_spawn_file_actions_addopen(&actions, 0, terminalPath, O_RDWR, 0)
        posix_spawn_file_actions_adddup2(&actions, 0, 1)
        posix_spawn_file_actions_adddup2(&actions, 0, 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(0x80))  // POSIX_SPAWN_SETSID (glibc 2.26+)

        var environment = p.environment.merging(extra) { $1 }
        environment["TERM"] = "xterm"
        // The shell only changes directory, then becomes moonwire (same process, session and terminal).
        let command = ["/bin/sh", "-c", "cd \"$0\" && exec \"$@\"", p.directory.path, MoonwireProcess.binary.path] + arguments
        let argv = command.map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv + envp { free(pointer) }
        }
        var child = pid_t()
        // Under ChildProcess's lock, so this child cannot inherit a pipe end another test is making.
        let status = ChildProcess.spawnLock.withLock { posix_spawn(&child, "/bin/sh", &actions, &attributes, argv, envp) }
        guard status == 0 else {
            close(master)
            throw ServeFailure(message: "cannot start moonwire on a terminal: \(String(cString: strerror(status)))")
        }
        pid = child
    }

    deinit {
        if exitStatus == nil {
            kill(pid, SIGKILL)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
        }
        close(master)
    }

    /// ioctl requests of <asm-generic/ioctls.h> (_IOW('T', 0x31, int), _IOR('T', 0x30, unsigned int)).
    static let TIOCSPTLCK: UInt = 0x4004_5431
    static let TIOCGPTN: UInt = 0x8004_5430

    /// Types `text` (use "\r" for Enter, "\u{03}" for Ctrl-C, "\t" for Tab).
    func send(_ text: String) {
        var data = Array(text.utf8)[...]
        while !data.isEmpty {
            let n = data.withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
            if n <= 0 { return }
            data = data.dropFirst(n)
        }
    }

    /// Everything shown so far, with escape sequences and carriage returns removed.
    var screen: String { PseudoTerminal.clean(bytes) }

    /// Waits until the output after what earlier expectations consumed contains `text`, then
    /// consumes through it. Records an issue (and returns false) if it does not come in time.
    @discardableResult
    func expect(_ text: String, timeout: TimeInterval = 60, sourceLocation: SourceLocation = #_sourceLocation) async -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let shown = screen
            let start = shown.index(shown.startIndex, offsetBy: min(consumed, shown.count))
            if let found = shown[start...].range(of: text) {
                consumed = shown.distance(from: shown.startIndex, to: found.upperBound)
                return true
            }
            guard Date() < deadline, await pump(until: deadline) else {
                Issue.record(
                    "the terminal did not show \(text.debugDescription); after the last match it shows:\n\(shown[start...])",
                    sourceLocation: sourceLocation)
                return false
            }
        }
    }

    /// Waits for the process to exit (reading what it prints meanwhile); its status, nil on timeout.
    func waitForExit(timeout: TimeInterval = 60) async -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid {
                exitStatus = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
                return exitStatus
            }
            _ = await pump(until: Date().addingTimeInterval(0.05))
        }
        return nil
    }

    /// Reads what arrives before `deadline`; false once the terminal is closed. The poll runs on
    /// a thread of its own (`BlockingWork`), not on the pool every test's tasks share.
    private func pump(until deadline: Date) async -> Bool {
        let milliseconds = min(max(0, Int32(deadline.timeIntervalSinceNow * 1000)), 100)
        let master = self.master
        let readable = await BlockingWork.run {
            var descriptor = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            return poll(&descriptor, 1, milliseconds) > 0
        }
        guard readable else { return Date() < deadline }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let n = buffer.withUnsafeMutableBytes { read(master, $0.baseAddress, $0.count) }
        guard n > 0 else { return false }  // EIO: every descriptor of the terminal is closed
        bytes += buffer[..<n]
        return true
    }

    /// Text as a reader sees it, roughly: CSI sequences and carriage returns dropped.
    static func clean(_ bytes: [UInt8]) -> String {
        var kept: [UInt8] = []
        var i = 0
        while i < bytes.count {
            if bytes[i] == 0x1B, i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "[") {
                i += 2
                while i < bytes.count, !(0x40...0x7E).contains(bytes[i]) { i += 1 }
                i += 1
                continue
            }
            if bytes[i] != UInt8(ascii: "\r") { kept.append(bytes[i]) }
            i += 1
        }
        return String(decoding: kept, as: UTF8.self)
    }
}
