/// A contact's ten custom fields, `champ_perso1` … `champ_perso10` [V], numbered from 1 as
/// Conexteo numbers them: `contact.perso[1] = "VIP"`.
public struct ConexteoCustomFields: Sendable, Hashable, ExpressibleByArrayLiteral, CustomStringConvertible {
    /// How many custom fields a contact has.
    public static let count = 10

    /// The values in order, always ``count`` of them; nil for an empty field.
    public private(set) var values: [String?]

    /// Fields from `values` in order (missing ones empty, extra ones dropped).
    public init(_ values: [String?] = []) {
        self.values = Array(values.prefix(Self.count)) + Array(repeating: nil, count: max(0, Self.count - values.count))
    }

    public init(arrayLiteral elements: String?...) { self.init(elements) }

    /// Field `number`, from 1 to 10 (`champ_perso<number>`).
    public subscript(number: Int) -> String? {
        get {
            precondition((1...Self.count).contains(number), "Conexteo custom fields are numbered 1 to 10, not \(number)")
            return values[number - 1]
        }
        set {
            precondition((1...Self.count).contains(number), "Conexteo custom fields are numbered 1 to 10, not \(number)")
            values[number - 1] = newValue
        }
    }

    /// The wire name of field `number`, e.g. `champ_perso3`.
    public static func key(_ number: Int) -> String { "champ_perso\(number)" }

    public var description: String {
        values.enumerated().compactMap { index, value in value.map { "perso\(index + 1)=\($0)" } }.joined(separator: ", ")
    }
}
