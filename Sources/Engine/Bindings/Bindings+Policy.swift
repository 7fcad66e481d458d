import Foundation
import Logging
import LuaKit
import SMSCore

extension Bindings {
    /// The fields `policy.set{}` takes.
    static let policyFields: Set<String> = ["stop_confirmation", "start_confirmation", "stop_words", "start_words"]

    /// `policy.set{...}` and `policy.get()`: a plugin words the opt-out confirmations and adds
    /// opt-out phrases. The rules themselves stay in Swift (DESIGN.md §2.7): the standard STOP and
    /// START phrases always work, the confirmation is one SMS segment and goes at most once.
    func policyFunctions() -> [String: LuaFunction] {
        let policies = services.policies
        let owner = plugin ?? "script"
        let logger = services.logger
        return [
            "set": LuaFunction { call in
                let spec = try call.table(1)
                if !spec.array.isEmpty {
                    throw call.argumentError(1, "use named fields: policy.set{stop_confirmation = \"...\"}")
                }
                for key in spec.fields.keys {
                    guard let name = key.stringValue, Bindings.policyFields.contains(name) else {
                        throw call.argumentError(
                            1, "unknown field '\(key.stringValue ?? key.typeName)'; fields are "
                                + Bindings.policyFields.sorted().joined(separator: ", "))
                    }
                }
                let stop = try Bindings.confirmation(spec, "stop_confirmation", call: call)
                let start = try Bindings.confirmation(spec, "start_confirmation", call: call)
                let stopWords = try Bindings.words(spec, "stop_words", call: call)
                let startWords = try Bindings.words(spec, "start_words", call: call)
                let current = policies.editable.keywords
                let stopPhrases = current.stopPhrases.union(stopWords.map(KeywordText.fold))
                let startPhrases = current.startPhrases.union(startWords.map(KeywordText.fold))
                if let both = stopPhrases.intersection(startPhrases).sorted().first {
                    throw call.argumentError(1, "\"\(both)\" cannot both stop and start messages")
                }
                if let previous = policies.setBy, previous != owner {
                    logger.warning("\(owner) changes the opt-out policy that \(previous) set")
                }
                policies.update(by: owner) { policy in
                    if let stop { policy.stopConfirmation = stop }
                    if let start { policy.startConfirmation = start }
                    policy.keywords = OptOutKeywords(stop: Array(stopPhrases), start: Array(startPhrases))
                }
                return 0
            },
            "get": LuaFunction { call in
                let policy = policies.editable
                let window = policy.window
                let days = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]
                func clock(_ minutes: Int) -> String { String(format: "%02d:%02d", minutes / 60, minutes % 60) }
                call.push(
                    .table(
                        LuaTable([
                            "stop_confirmation": .text(policy.stopConfirmation),
                            "start_confirmation": .text(policy.startConfirmation),
                            "stop_words": .table(LuaTable(array: policy.keywords.stopPhrases.sorted().map { .text($0) })),
                            "start_words": .table(LuaTable(array: policy.keywords.startPhrases.sorted().map { .text($0) })),
                            "window": .table(
                                LuaTable([
                                    "days": .table(
                                        LuaTable(array: window.weekdays.sorted().map { .text(days[$0 - 1]) })),
                                    "opens": .text(clock(window.opensAt)), "closes": .text(clock(window.closesAt)),
                                    "zone": .text(window.timeZone.identifier),
                                    "french_holidays": .boolean(window.skipsFrenchHolidays),
                                ])),
                        ])))
                return 1
            },
        ]
    }

    /// A confirmation text: not empty, one SMS segment.
    static func confirmation(_ spec: LuaTable, _ field: String, call: LuaCall) throws -> String? {
        guard let text = try text(spec, field, call: call, example: "\"ACME : vous ne recevrez plus nos SMS.\"") else {
            return nil
        }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw call.argumentError(1, "field '\(field)' is empty") }
        let segmentation = Segmenter().segment(trimmed)
        guard segmentation.segments == 1 else {
            throw call.argumentError(
                1, "field '\(field)' takes \(segmentation.segments) SMS segments (\(segmentation.characters) "
                    + "\(segmentation.encoding.rawValue) characters): a confirmation must fit in one "
                    + "(160 GSM-7 or 70 UCS-2 characters)")
        }
        return trimmed
    }

    /// A list of opt-out words or phrases.
    static func words(_ spec: LuaTable, _ field: String, call: LuaCall) throws -> [String] {
        switch spec[field] {
        case .nil: return []
        case .table(let t) where t.fields.isEmpty:
            return try t.array.enumerated().map { (i, value) in
                guard let word = value.stringValue, !KeywordText.fold(word).isEmpty else {
                    throw call.argumentError(1, "\(field)[\(i + 1)] must be a word or phrase, got \(value.typeName)")
                }
                return word
            }
        case let other:
            throw call.argumentError(1, "field '\(field)' must be a list such as {\"DESABO\"}, got \(other.typeName)")
        }
    }
}
