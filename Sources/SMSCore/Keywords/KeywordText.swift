import Foundation

/// How inbound text is compared with keywords: upper-cased, accents removed, punctuation dropped,
/// runs of spaces collapsed. "  arrêt !" reads "ARRET", "Stop sms." reads "STOP SMS".
public enum KeywordText {
    /// The text folded for comparison.
    public static func fold(_ text: String) -> String {
        let folded = text.folding(options: [.diacriticInsensitive, .caseInsensitive, .widthInsensitive], locale: nil)
            .uppercased()
        var words: [Substring] = []
        for word in folded.split(whereSeparator: { $0.isWhitespace }) {
            let kept = word.filter { $0.isLetter || $0.isNumber }
            if !kept.isEmpty { words.append(Substring(kept)) }
        }
        return words.joined(separator: " ")
    }

    /// The first word of `text`, folded ("oui !" gives "OUI"; "" gives "").
    public static func firstWord(_ text: String) -> String {
        let folded = fold(text)
        guard let space = folded.firstIndex(of: " ") else { return folded }
        return String(folded[..<space])
    }
}
