extension OutboxRow {
    /// How a send travels: an SMS alphabet, or RCS. Stored as its raw text; the SMS ones are
    /// spelled as SMSCore's `SMSEncoding` spells them.
    public enum Encoding: String, Sendable, Hashable, CaseIterable {
        /// An SMS in the GSM 03.38 alphabet.
        case gsm7 = "GSM-7"
        /// An SMS in UCS-2.
        case ucs2 = "UCS-2"
        /// An RCS message (its SMS fallback, if any, is the provider's business).
        case rcs = "RCS"
    }
}
