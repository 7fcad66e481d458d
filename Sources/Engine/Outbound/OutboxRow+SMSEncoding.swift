import SMSCore
import Storage

extension OutboxRow.Encoding {
    /// The outbox's word for an SMS in `encoding` (spelled the same: `GSM-7`, `UCS-2`).
    public init(_ encoding: SMSEncoding) {
        switch encoding {
        case .gsm7: self = .gsm7
        case .ucs2: self = .ucs2
        }
    }
}
