import Foundation

/// A message body with `{{field}}` placeholders (Mustache's variable tag, nothing more), rendered
/// with a contact's fields. An unknown field is an error, never an empty string: a customer must
/// not receive "Bonjour  !".
public struct MessageTemplate: Sendable, Hashable {
    /// One piece of a template.
    public enum Piece: Sendable, Hashable {
        /// Text copied as is.
        case text(String)
        /// A field's value.
        case field(String)
    }

    /// The source text.
    public let source: String
    /// The text split into literal text and fields.
    public let pieces: [Piece]

    /// Parses `source`; an unclosed `{{` or an empty or malformed field name is an error.
    public init(_ source: String) throws(SMSCoreError) {
        self.source = source
        var pieces: [Piece] = []
        var rest = Substring(source)
        while let open = rest.range(of: "{{") {
            if open.lowerBound > rest.startIndex { pieces.append(.text(String(rest[..<open.lowerBound]))) }
            guard let close = rest[open.upperBound...].range(of: "}}") else {
                throw SMSCoreError(
                    code: .invalidTemplate,
                    message: "the template has a '{{' that is never closed: \"\(String(rest[open.lowerBound...].prefix(30)))\"")
            }
            let name = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." }) else {
                throw SMSCoreError(
                    code: .invalidTemplate,
                    message: "'{{\(name)}}' is not a field name: use letters, digits and _ such as {{first_name}}")
            }
            pieces.append(.field(name))
            rest = rest[close.upperBound...]
        }
        if !rest.isEmpty { pieces.append(.text(String(rest))) }
        self.pieces = pieces
    }

    /// The fields the template uses, in order of first use.
    public var fields: [String] {
        var seen: Set<String> = []
        return pieces.compactMap { piece in
            if case .field(let name) = piece, seen.insert(name).inserted { return name }
            return nil
        }
    }

    /// The text with every field replaced by `values[field]`.
    public func render(_ values: [String: String]) throws(SMSCoreError) -> String {
        var output = ""
        for piece in pieces {
            switch piece {
            case .text(let text): output += text
            case .field(let name):
                guard let value = values[name] else {
                    let known = values.keys.sorted().joined(separator: ", ")
                    throw SMSCoreError(
                        code: .unknownTemplateField,
                        message: "the template uses {{\(name)}} but the contact has no '\(name)' field"
                            + (known.isEmpty ? "" : " (it has: \(known))"))
                }
                output += value
            }
        }
        return output
    }
}
