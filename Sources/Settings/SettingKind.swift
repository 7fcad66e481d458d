import Foundation

/// What values a setting takes, and how one is checked.
public enum SettingKind: Sendable, Hashable {
    /// Any non-empty text.
    case text
    /// One of a few words (compared lowercased).
    case choice([String])
    /// A number (integer or decimal) within a range.
    case number(ClosedRange<Double>)
    /// A whole number within a range.
    case integer(ClosedRange<Int>)
    /// An absolute http(s) URL.
    case url

    /// The value as stored (trimmed, lowercased for choices), or why it is not one.
    func check(_ text: String) -> Result<String, SettingRefusal> {
        let value = text.trimmingCharacters(in: .whitespacesAndNewlines)
        switch self {
        case .text:
            return value.isEmpty ? .failure(SettingRefusal("is empty")) : .success(value)
        case .choice(let words):
            let word = value.lowercased()
            return words.contains(word)
                ? .success(word) : .failure(SettingRefusal("is not one of \(words.joined(separator: ", "))"))
        case .number(let range):
            guard let number = Double(value), number.isFinite, range.contains(number) else {
                return .failure(SettingRefusal("is not a number between \(Self.shown(range.lowerBound)) and \(Self.shown(range.upperBound))"))
            }
            return .success(value)
        case .integer(let range):
            guard let number = Int(value), range.contains(number) else {
                return .failure(SettingRefusal("is not a whole number between \(range.lowerBound) and \(range.upperBound)"))
            }
            return .success(String(number))
        case .url:
            guard let url = URL(string: value), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
                url.host?.isEmpty == false
            else { return .failure(SettingRefusal("is not an http(s) URL such as https://api.example.com")) }
            return .success(value)
        }
    }

    /// What to write, for messages: `a number`, `one of text, json`.
    var expectation: String {
        switch self {
        case .text: "a text"
        case .choice(let words): "one of \(words.joined(separator: ", "))"
        case .number: "a number"
        case .integer: "a whole number"
        case .url: "a URL"
        }
    }

    private static func shown(_ number: Double) -> String {
        number == number.rounded() ? String(Int(number)) : String(number)
    }
}

/// Why a value was refused: the end of a sentence that names the value first.
struct SettingRefusal: Error {
    let reason: String
    init(_ reason: String) { self.reason = reason }
}
