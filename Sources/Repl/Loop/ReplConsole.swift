import Foundation

/// Where the REPL writes: results and printed text to standard output, errors to standard
/// error, and above the line being edited while the line editor shows one.
public final class ReplConsole: Sendable {
    private let editor: LineEditor?

    /// A console; with `editor`, output goes through it.
    public init(editor: LineEditor? = nil) { self.editor = editor }

    /// Writes to standard output.
    public func write(_ text: String) {
        if let editor {
            editor.interject(text)
        } else {
            FileHandle.standardOutput.write(Data(text.utf8))
        }
    }

    /// Writes a line to standard error.
    public func writeError(_ text: String) {
        let line = text.hasSuffix("\n") ? text : text + "\n"
        if let editor {
            editor.interject(line)
        } else {
            FileHandle.standardError.write(Data(line.utf8))
        }
    }
}
