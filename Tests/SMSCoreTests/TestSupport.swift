@testable import SMSCore

/// UTF-8 bytes of each string: `String ==` compares canonical equivalence, tests need exact text.
func bytes(_ strings: [some StringProtocol]) -> [[UInt8]] { strings.map { Array($0.utf8) } }

/// UTF-8 bytes of a string.
func bytes(_ string: String) -> [UInt8] { Array(string.utf8) }

/// Repeats `text` `count` times.
func repeated(_ text: String, _ count: Int) -> String { String(repeating: text, count: count) }

extension Segmentation {
    /// Units each part costs: septets for GSM-7 (per the reference table), UTF-16 units for UCS-2.
    var partCosts: [Int] {
        parts.map { part in
            encoding == .gsm7
                ? part.unicodeScalars.reduce(0) { $0 + ReferenceSegmenter.septets($1) } : part.utf16.count
        }
    }
}
