import Foundation

/// Reads lines from a terminal with readline's Emacs keys: editing, history (Up/Down), reverse
/// search (Ctrl-R) and Tab completion. One line at a time, on a thread that may block; output
/// from other threads goes above the line being edited (``interject(_:)``).
public final class LineEditor: @unchecked Sendable {
    // Safety: `lock` guards everything the display shows (active, prompt, buffer, search) and
    // terminal writes; the decoder and history are used only by the thread in readLine.

    /// How reading a line ended.
    public enum Result: Sendable, Hashable {
        /// Enter: the line.
        case line(String)
        /// Ctrl-C at the prompt: the line was dropped.
        case interrupted
        /// Ctrl-D on an empty line, or the end of input.
        case endOfFile
    }

    /// The state of a Ctrl-R search.
    private struct Search {
        var query = ""
        /// The history entry shown, nil before the first match.
        var match: Int?
        var failed = false
        /// The line before the search began (Ctrl-G puts it back).
        var original: LineBuffer
    }

    let terminal: Terminal
    /// The lines entered, kept across sessions.
    public let history: History
    private let lock = NSLock()
    private var active = false
    private var prompt = ""
    private var buffer = LineBuffer()
    private var search: Search?
    private var historyIndex = 0
    private var scratch = ""
    private var decoder = KeyDecoder()

    /// An editor on `terminal` recording lines in `history`.
    public init(terminal: Terminal, history: History) {
        self.terminal = terminal
        self.history = history
    }

    /// Reads one line after `prompt`. Blocks; call it from a thread that may wait.
    /// - Parameter complete: completions for the text before the cursor (Tab).
    public func readLine(prompt: String, complete: (String) -> ReplCompletion) -> Result {
        guard terminal.enterRawMode() else { return .endOfFile }
        defer { terminal.restore() }
        locked {
            active = true
            self.prompt = prompt
            buffer = LineBuffer()
            search = nil
            historyIndex = history.entries.count
            scratch = ""
            refresh()
        }
        defer { locked { active = false } }
        // After a Tab listed the candidates, each further Tab puts the next one in (zsh's menu
        // completion): `sms.se<Tab><Tab>` gives `sms.segments`, one more `sms.send`.
        var menu: (candidates: [String], inserted: String, index: Int)?
        while true {
            guard let key = nextKey() else {
                locked { terminal.write("\n") }
                return .endOfFile
            }
            if key != .tab { menu = nil }
            if key == .tab, var cycling = menu {
                cycling.index = (cycling.index + 1) % cycling.candidates.count
                let next = cycling.candidates[cycling.index]
                let length = cycling.inserted.count
                locked {
                    buffer.replaceBeforeCursor(length, with: next)
                    refresh()
                }
                cycling.inserted = next
                menu = cycling
                continue
            }
            if key == .tab, locked({ search == nil }) {
                let before = locked { buffer.textBeforeCursor }
                if before.isEmpty || before.last?.isWhitespace == true {
                    locked {
                        buffer.insert("  ")  // indentation in a chunk spanning lines
                        refresh()
                    }
                    continue
                }
                let completion = complete(before)  // not under the lock: it waits for the Lua runtime
                if locked({ apply(completion) }) {
                    menu = (completion.candidates, completion.commonPrefix, -1)
                }
                continue
            }
            if let result = locked({ handle(key) }) { return result }
        }
    }

    /// Writes `text` (whole lines) above the line being edited, or straight out when no line is.
    public func interject(_ text: String) {
        locked {
            guard active else {
                terminal.write(text)
                return
            }
            terminal.write("\r\u{1B}[K" + text + (text.hasSuffix("\n") ? "" : "\n"))
            refresh()
        }
    }

    private func locked<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    /// The next key, waiting as long as needed; a sequence cut short is completed within 50 ms
    /// or taken as it is (a lone Escape). Nil at end of input.
    private func nextKey() -> Key? {
        while true {
            if let key = decoder.next() { return key }
            if decoder.hasPending {
                guard let more = terminal.read(timeout: 50) else { return decoder.next(flush: true) }
                if more.isEmpty {
                    if let key = decoder.next(flush: true) { return key }
                    continue
                }
                decoder.append(more)
                continue
            }
            guard let more = terminal.read() else { return nil }
            decoder.append(more)
        }
    }

    // MARK: - Keys

    /// Applies `key`; a result ends the line. Runs under the lock.
    private func handle(_ key: Key) -> Result? {
        if search != nil { return handleSearch(key) }
        switch key {
        case .character(let c): buffer.insert(String(c))
        case .enter:
            let line = buffer.text
            buffer.moveEnd()
            refresh()
            terminal.write("\n")
            history.add(line)
            return .line(line)
        case .control("c"):
            buffer.moveEnd()
            refresh()
            terminal.write("^C\n")
            return .interrupted
        case .control("d"):
            if buffer.isEmpty {
                terminal.write("\n")
                return .endOfFile
            }
            buffer.deleteForward()
        case .backspace, .control("h"): buffer.deleteBackward()
        case .delete: buffer.deleteForward()
        case .left, .control("b"): buffer.moveLeft()
        case .right, .control("f"): buffer.moveRight()
        case .home, .control("a"): buffer.moveHome()
        case .end, .control("e"): buffer.moveEnd()
        case .wordLeft: buffer.moveWordLeft()
        case .wordRight: buffer.moveWordRight()
        case .up, .control("p"): showHistory(historyIndex - 1)
        case .down, .control("n"): showHistory(historyIndex + 1)
        case .control("k"): buffer.killToEnd()
        case .control("u"): buffer.killToStart()
        case .control("w"), .deleteWordBackward: buffer.killWordBackward()
        case .control("t"): buffer.transpose()
        case .control("l"): terminal.write("\u{1B}[H\u{1B}[2J")
        case .control("r"): search = Search(original: buffer)
        case .control("z"): suspend()
        default: return nil
        }
        refresh()
        return nil
    }

    /// Keys while searching: they edit the query or end the search; any other key accepts the
    /// match and then applies to the line.
    private func handleSearch(_ key: Key) -> Result? {
        guard var s = search else { return nil }
        switch key {
        case .character(let c):
            s.query.append(c)
            find(&s, before: (s.match ?? history.entries.count - 1) + 1)
        case .control("r"):
            find(&s, before: s.match ?? history.entries.count)
        case .backspace, .control("h"):
            if !s.query.isEmpty { s.query.removeLast() }
            s.match = nil
            s.failed = false
            if !s.query.isEmpty { find(&s, before: history.entries.count) }
        case .control("g"), .control("c"), .escape:
            buffer = s.original
            search = nil
            refresh()
            return nil
        case .enter:
            search = nil
            if let match = s.match { buffer.replace(with: history.entries[match]) }
            return handle(.enter)
        default:
            search = nil
            if let match = s.match {
                buffer.replace(with: history.entries[match])
                historyIndex = match
            }
            return handle(key)
        }
        search = s
        if let match = s.match {
            buffer.replace(with: history.entries[match])
            if let range = history.entries[match].range(of: s.query) {
                let offset = history.entries[match].distance(from: history.entries[match].startIndex, to: range.lowerBound)
                for _ in 0..<(buffer.characters.count - offset) { buffer.moveLeft() }
            }
        }
        refresh()
        return nil
    }

    private func find(_ s: inout Search, before index: Int) {
        if let found = history.search(s.query, before: index) {
            s.match = found
            s.failed = false
        } else {
            s.failed = true
        }
    }

    private func showHistory(_ index: Int) {
        let entries = history.entries
        guard index >= 0, index <= entries.count, index != historyIndex else { return }
        if historyIndex == entries.count { scratch = buffer.text }
        historyIndex = index
        buffer.replace(with: index == entries.count ? scratch : entries[index])
    }

    /// Tab: the only candidate, or the prefix all candidates share; when that adds nothing, the
    /// candidates are listed under the line. Returns true when it listed them.
    private func apply(_ completion: ReplCompletion) -> Bool {
        let candidates = completion.candidates
        guard !candidates.isEmpty else {
            terminal.write("\u{07}")
            return false
        }
        let wordLength = completion.word.count
        let prefix = candidates.count == 1 ? candidates[0] : completion.commonPrefix
        if prefix.count > wordLength || candidates.count == 1 {
            buffer.replaceBeforeCursor(wordLength, with: prefix)
            refresh()
            return false
        }
        let names = candidates.map { candidate -> String in
            guard let separator = candidate.lastIndex(where: { $0 == "." || $0 == ":" }) else { return candidate }
            return String(candidate[candidate.index(after: separator)...])
        }
        terminal.write("\r\n" + LineEditor.columns(names, width: terminal.columns))
        refresh()
        return true
    }

    /// `names` in columns filling `width`, at most 200 of them.
    static func columns(_ names: [String], width: Int) -> String {
        let shown = Array(names.prefix(200))
        let cell = (shown.map { DisplayWidth.of($0) }.max() ?? 0) + 2
        let perRow = max(1, width / cell)
        var text = ""
        for (i, name) in shown.enumerated() {
            let last = i % perRow == perRow - 1 || i == shown.count - 1
            text += last ? name + "\n" : name + String(repeating: " ", count: cell - DisplayWidth.of(name))
        }
        if names.count > shown.count { text += "... and \(names.count - shown.count) more\n" }
        return text
    }

    /// Ctrl-Z: gives the terminal back, stops, and takes it again when resumed.
    private func suspend() {
        terminal.restore()
        raise(SIGTSTP)
        terminal.enterRawMode()
    }

    // MARK: - Display

    /// Redraws the prompt and the line on one row, scrolled sideways so the cursor stays visible.
    private func refresh() {
        let shownPrompt: String
        if let s = search {
            shownPrompt = "(\(s.failed ? "failed " : "")reverse-i-search)`\(s.query)': "
        } else {
            shownPrompt = prompt
        }
        let columns = terminal.columns
        let promptWidth = DisplayWidth.of(shownPrompt)
        let characters = buffer.characters
        let cursor = buffer.cursor
        var start = 0
        while start < cursor, promptWidth + DisplayWidth.of(characters[start..<cursor]) >= columns { start += 1 }
        var end = characters.count
        while end > cursor, promptWidth + DisplayWidth.of(characters[start..<end]) >= columns { end -= 1 }
        let column = promptWidth + DisplayWidth.of(characters[start..<cursor])
        terminal.write(
            "\r" + shownPrompt + String(characters[start..<end]) + "\u{1B}[K\r" + (column > 0 ? "\u{1B}[\(column)C" : ""))
    }
}
