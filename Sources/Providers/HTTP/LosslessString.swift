/// A JSON scalar read as text: providers send ids as numbers or strings, and it should not matter.
public struct LosslessString: Decodable, Sendable, Hashable {
    /// The value as text.
    public var value: String

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            value = text
        } else if let number = try? container.decode(Int64.self) {
            value = String(number)
        } else if let number = try? container.decode(Double.self) {
            value = String(number)
        } else {
            value = String(try container.decode(Bool.self))
        }
    }
}
