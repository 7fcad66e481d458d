import SMSCore

/// One recipient of a dynamic send (`POST /messages/sms/dynamic`) and the values of the
/// variables its message fills in. On the wire it is `{"recipient": "+33…", "<name>": "<value>"…}`
/// [G: MindCloud]; the content refers to a variable as `#name#` [I: the syntax is not public, and
/// Conexteo's own `#STOP_XXX#` mention uses it].
public struct ConexteoDynamicRecipient: Sendable, Hashable, Encodable {
    /// Who receives the message.
    public var number: PhoneNumber
    /// Variable name → value, e.g. `["prenom": "Ana"]` for `Bonjour #prenom#`.
    public var variables: [String: String]

    /// A recipient and its variables; a variable may not be called `recipient` (the wire field
    /// that carries the number).
    public init(number: PhoneNumber, variables: [String: String] = [:]) {
        self.number = number
        self.variables = variables
    }

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ name: String) { stringValue = name }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(number.e164, forKey: Key("recipient"))
        // Sorted, so the body (and a logged retry of it) is the same every time.
        for (name, value) in variables.sorted(by: { $0.key < $1.key }) where name != "recipient" {
            try container.encode(value, forKey: Key(name))
        }
    }
}
