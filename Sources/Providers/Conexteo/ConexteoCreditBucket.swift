/// One entry of `GET /users/credits`, an array of buckets `[{credits, label, msgType, price}]`
/// (the WordPress plugin reads `[0].credits` and `[0].price` [V]; the other fields are [G]).
public struct ConexteoCreditBucket: Decodable, Sendable, Hashable {
    /// Credits left in this bucket.
    public var credits: Double
    public var label: String?
    /// The kind of message the credits pay for.
    public var messageType: String?
    /// The price of one credit, in euros.
    public var price: Double?

    enum CodingKeys: String, CodingKey {
        case credits, label, price
        case messageType = "msgType"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        guard let credits = c.lenientDouble(.credits) else {
            throw DecodingError.keyNotFound(
                CodingKeys.credits, .init(codingPath: c.codingPath, debugDescription: "credits is required"))
        }
        self.credits = credits
        label = c.lenientString(.label)
        messageType = c.lenientString(.messageType)
        price = c.lenientDouble(.price)
    }
}
