/// A validated SMS sender: an alphanumeric name, a numeric short code, or a long code (a phone number).
public struct SenderID: Sendable, Hashable, CustomStringConvertible {
    /// The three shapes a sender can take.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// 1 to 11 characters among A-Z, a-z, 0-9, space, `.`, `-`, `_`, `&`, with at least one letter.
        case alphanumeric
        /// 3 to 8 digits.
        case shortCode = "short_code"
        /// A phone number: `+` and an E.164 number, or 9 to 15 digits.
        case longCode = "long_code"
    }

    /// The sender as it will be sent: trimmed, and in E.164 form for a `+` long code.
    public var value: String
    /// Which shape the sender has.
    public var kind: Kind

    /// Creates a sender without validation; prefer `parse`.
    public init(value: String, kind: Kind) {
        self.value = value
        self.kind = kind
    }

    /// The sender value.
    public var description: String { value }

    /// Longest alphanumeric sender operators accept (GSM 03.40 limits the field to 11 characters).
    public static let maxAlphanumericLength = 11

    /// Validates a sender ID, trimming surrounding spaces; the error code is always `.invalidSender`.
    public static func parse(_ text: String) throws(SMSCoreError) -> SenderID {
        let trimmed = trimmed(text)
        if trimmed.isEmpty {
            throw invalid("The sender is empty: use up to 11 letters and digits, such as ACME, or a number")
        }
        if trimmed.hasPrefix("+") {
            do {
                let number = try PhoneNumber.parse(trimmed)
                return SenderID(value: number.e164, kind: .longCode)
            } catch {
                throw invalid("\"\(text)\" is not a valid long code: \(error.message)")
            }
        }
        let scalars = trimmed.unicodeScalars
        if scalars.allSatisfy({ ("0"..."9").contains($0) }) {
            switch scalars.count {
            case ..<3:
                throw invalid("\"\(text)\" is too short for a short code (\(scalars.count) digits, expected 3 to 8): add a letter to make it a name, or use the full number")
            case 3...8:
                return SenderID(value: trimmed, kind: .shortCode)
            case 9...15:
                return SenderID(value: trimmed, kind: .longCode)
            default:
                throw invalid("\"\(text)\" is too long for a phone number (\(scalars.count) digits, at most 15): check for extra digits")
            }
        }
        let disallowed = scalars.filter { !isAllowed($0) }
        if !disallowed.isEmpty {
            var unique: [String] = []
            for scalar in disallowed where !unique.contains(String(scalar)) { unique.append(String(scalar)) }
            let list = unique.map { "\"\($0)\"" }.joined(separator: ", ")
            throw invalid("\"\(text)\" contains \(list): an alphanumeric sender may only use A-Z, a-z, 0-9, space, '.', '-', '_' and '&' (no accents)")
        }
        if scalars.count > maxAlphanumericLength {
            throw invalid("\"\(text)\" is too long for an alphanumeric sender (\(scalars.count) characters, at most 11): shorten it, e.g. \"\(String(String.UnicodeScalarView(scalars.prefix(11))))\"")
        }
        if !scalars.contains(where: { ("A"..."Z").contains($0) || ("a"..."z").contains($0) }) {
            throw invalid("\"\(text)\" needs at least one letter to be an alphanumeric sender: add a letter, or use only digits for a short or long code")
        }
        return SenderID(value: trimmed, kind: .alphanumeric)
    }

    private static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "A"..."Z", "a"..."z", "0"..."9", " ", ".", "-", "_", "&": true
        default: false
        }
    }

    private static func trimmed(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
        return String(scalars[first...last])
    }

    private static func invalid(_ message: String) -> SMSCoreError {
        SMSCoreError(code: .invalidSender, message: message)
    }
}
