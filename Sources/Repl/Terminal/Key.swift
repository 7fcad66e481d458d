/// A key press, decoded from the bytes a terminal sends.
public enum Key: Sendable, Hashable {
    /// Text to insert (one character).
    case character(Character)
    case enter, tab, backspace, delete
    case left, right, up, down, home, end
    case wordLeft, wordRight
    /// Ctrl and a letter (lower case), for the control keys without a case of their own.
    case control(Character)
    /// Alt-Backspace: delete the word before the cursor.
    case deleteWordBackward
    /// Escape on its own.
    case escape
    /// A sequence the editor ignores.
    case unknown
}
