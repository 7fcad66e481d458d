/// Conexteo's `{success, message}` answer to a delete or a contact import [V: WP plugin reads
/// it for contact deletion; G for the others].
public struct ConexteoAcknowledgement: Decodable, Sendable, Hashable {
    /// False when Conexteo says it did not do it.
    public var success: Bool?
    /// Conexteo's own words.
    public var message: String?

    /// An acknowledgement (an empty 2xx answer stands for one with nothing said).
    public init(success: Bool? = nil, message: String? = nil) {
        self.success = success
        self.message = message
    }

    enum CodingKeys: String, CodingKey { case success, message }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        success = try? c.decodeIfPresent(Bool.self, forKey: .success)
        message = c.lenientString(.message)
    }
}
