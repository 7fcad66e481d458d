import Foundation

/// Writes to standard error, where diagnostics go so stdout stays the script's.
enum StandardError {
    static func write(_ text: String) {
        FileHandle.standardError.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
    }
}
