import Foundation

/// The lines entered at the prompt, oldest first, kept in a file (one line each, owner-only)
/// so they survive a restart. Each line is appended as it is entered, so a crash loses none.
public final class History {
    /// The entries, oldest first.
    public private(set) var entries: [String]
    /// The file, nil when history is not kept.
    public let path: String?
    /// Entries kept (the file is trimmed to this many when it grows to twice as many).
    public let limit: Int

    /// Loads the history of `path` (none when nil or when the file does not exist yet).
    public init(path: String?, limit: Int = 1000) {
        self.path = path
        self.limit = limit
        guard let path, let data = FileManager.default.contents(atPath: path) else {
            entries = []
            return
        }
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
        entries = Array(lines.suffix(limit))
        if lines.count >= 2 * limit { rewrite() }
    }

    /// `$MOONWIRE_HISTORY` (empty: keep no history), else `~/.moonwire_history`.
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let path = environment["MOONWIRE_HISTORY"] { return path.isEmpty ? nil : path }
        guard let home = environment["HOME"], !home.isEmpty else { return nil }
        return URL(fileURLWithPath: home).appendingPathComponent(".moonwire_history").path
    }

    /// Records `line` unless it is blank or repeats the last entry.
    public func add(_ line: String) {
        guard !line.trimmingCharacters(in: .whitespaces).isEmpty, !line.contains("\n"), entries.last != line else { return }
        entries.append(line)
        if entries.count > limit { entries.removeFirst(entries.count - limit) }
        guard let path else { return }
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT, 0o600)
        guard fd >= 0 else { return }  // history is a convenience: a read-only home must not stop the REPL
        defer { close(fd) }
        let bytes = Array((line + "\n").utf8)
        _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    }

    /// The most recent entry before `index` (exclusive) containing `query`, searching backwards.
    public func search(_ query: String, before index: Int) -> Int? {
        guard !query.isEmpty else { return nil }
        var i = min(index, entries.count) - 1
        while i >= 0 {
            if entries[i].contains(query) { return i }
            i -= 1
        }
        return nil
    }

    private func rewrite() {
        guard let path else { return }
        let temporary = path + ".tmp"
        let text = entries.map { $0 + "\n" }.joined()
        guard FileManager.default.createFile(atPath: temporary, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600])
        else { return }
        _ = rename(temporary, path)
    }
}
