/// One bucket of an account's balance, as a ``CreditReportingProvider`` reports it.
public struct CreditBucket: Sendable, Hashable {
    /// Credits left (`.infinity` when the provider has no limit, as the sandbox).
    public var credits: Double
    /// The bucket's name.
    public var label: String?
    /// The kind of message the credits pay for.
    public var messageType: String?
    /// The price of one credit, in euros.
    public var price: Double?

    /// A bucket from its parts.
    public init(credits: Double, label: String? = nil, messageType: String? = nil, price: Double? = nil) {
        self.credits = credits
        self.label = label
        self.messageType = messageType
        self.price = price
    }

    /// True for a balance that never runs out.
    public var isUnlimited: Bool { credits == .infinity }
}
