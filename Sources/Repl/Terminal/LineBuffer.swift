/// The line being edited: its characters and the cursor, with the editing moves of readline
/// (Emacs keys). Pure state, so it is tested without a terminal.
public struct LineBuffer: Sendable, Hashable {
    /// The characters, as grapheme clusters (a cursor never splits one).
    public private(set) var characters: [Character]
    /// The cursor, an index into ``characters`` (0...count).
    public private(set) var cursor: Int

    /// A buffer holding `text` with the cursor at its end.
    public init(_ text: String = "") {
        characters = Array(text)
        cursor = characters.count
    }

    /// The whole line.
    public var text: String { String(characters) }
    /// The line up to the cursor (what completion looks at).
    public var textBeforeCursor: String { String(characters[..<cursor]) }
    public var isEmpty: Bool { characters.isEmpty }

    /// Inserts `text` at the cursor.
    public mutating func insert(_ text: String) {
        let inserted = Array(text)
        characters.insert(contentsOf: inserted, at: cursor)
        cursor += inserted.count
    }

    /// Replaces the line, cursor at the end.
    public mutating func replace(with text: String) { self = LineBuffer(text) }

    /// Replaces the `count` characters before the cursor with `text`.
    public mutating func replaceBeforeCursor(_ count: Int, with text: String) {
        let start = max(0, cursor - count)
        characters.removeSubrange(start..<cursor)
        cursor = start
        insert(text)
    }

    public mutating func deleteBackward() {
        guard cursor > 0 else { return }
        characters.remove(at: cursor - 1)
        cursor -= 1
    }

    public mutating func deleteForward() {
        guard cursor < characters.count else { return }
        characters.remove(at: cursor)
    }

    public mutating func moveLeft() { cursor = max(0, cursor - 1) }
    public mutating func moveRight() { cursor = min(characters.count, cursor + 1) }
    public mutating func moveHome() { cursor = 0 }
    public mutating func moveEnd() { cursor = characters.count }

    /// To the start of the word before the cursor.
    public mutating func moveWordLeft() { cursor = wordStart(before: cursor) }

    /// To the end of the word after the cursor.
    public mutating func moveWordRight() {
        var i = cursor
        while i < characters.count, !LineBuffer.isWord(characters[i]) { i += 1 }
        while i < characters.count, LineBuffer.isWord(characters[i]) { i += 1 }
        cursor = i
    }

    /// Ctrl-K: deletes from the cursor to the end.
    public mutating func killToEnd() { characters.removeSubrange(cursor...) }

    /// Ctrl-U: deletes from the start to the cursor.
    public mutating func killToStart() {
        characters.removeSubrange(..<cursor)
        cursor = 0
    }

    /// Ctrl-W: deletes the word before the cursor.
    public mutating func killWordBackward() {
        let start = wordStart(before: cursor)
        characters.removeSubrange(start..<cursor)
        cursor = start
    }

    /// Ctrl-T: swaps the two characters around the cursor.
    public mutating func transpose() {
        guard characters.count >= 2, cursor > 0 else { return }
        let i = cursor == characters.count ? cursor - 1 : cursor
        characters.swapAt(i - 1, i)
        cursor = min(characters.count, i + 1)
    }

    private func wordStart(before index: Int) -> Int {
        var i = index
        while i > 0, !LineBuffer.isWord(characters[i - 1]) { i -= 1 }
        while i > 0, LineBuffer.isWord(characters[i - 1]) { i -= 1 }
        return i
    }

    static func isWord(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "_" }
}
