/// The alphabet an SMS is sent in.
public enum SMSEncoding: String, Sendable, Hashable, CaseIterable {
    /// The GSM 03.38 default alphabet with its extension table, 7 bits per septet.
    case gsm7 = "GSM-7"
    /// UCS-2 (in practice UTF-16), 16 bits per code unit.
    case ucs2 = "UCS-2"

    /// Capacity of a message that fits in one SMS, in this encoding's units.
    public var singleSegmentCapacity: Int {
        switch self {
        case .gsm7: 160
        case .ucs2: 70
        }
    }

    /// Capacity of each part of a concatenated SMS, after the 6-octet user data header.
    public var multipartSegmentCapacity: Int {
        switch self {
        case .gsm7: 153
        case .ucs2: 67
        }
    }
}
