/// A phone number normalized to E.164, with the kind of line it reaches when the plan tells.
public struct PhoneNumber: Sendable, Hashable, CustomStringConvertible {
    /// The kind of line a number reaches.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// A mobile phone: can receive SMS.
        case mobile
        /// A geographic fixed line: usually cannot receive SMS.
        case fixed
        /// A freephone number (0800 in France).
        case tollFree = "toll_free"
        /// A shared-cost or premium-rate number (08 other than 080 in France).
        case premium
        /// A non-geographic VoIP number (09 in France).
        case voip
        /// The numbering plan does not tell (North America, or no detailed rules for the country).
        case unknown
    }

    /// The number in E.164 form: `+`, country code, national significant number, e.g. `+33612345678`.
    public var e164: String
    /// The ITU country calling code, e.g. 33.
    public var countryCode: Int
    /// The national significant number: no trunk prefix, no country code, e.g. `612345678`.
    public var nationalNumber: String
    /// Mobile, fixed, and so on; `.unknown` when the plan does not say.
    public var kind: Kind
    /// The ISO 3166 region of the country code, or nil when the code is shared by several countries
    /// in a way the number alone does not resolve (+1, +7). "001" for non-geographic codes.
    public var regionCode: String?

    /// Creates a number from its parts; `e164` is derived from them.
    public init(countryCode: Int, nationalNumber: String, kind: Kind, regionCode: String?) {
        self.e164 = "+\(countryCode)\(nationalNumber)"
        self.countryCode = countryCode
        self.nationalNumber = nationalNumber
        self.kind = kind
        self.regionCode = regionCode
    }

    /// The E.164 form.
    public var description: String { e164 }
}
