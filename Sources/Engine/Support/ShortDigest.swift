import Crypto

/// The first 16 bytes of a SHA-256 as 32 lowercase hex digits: what pins a flow run to its
/// plugin's source and what ends a dedup key too long to send whole.
enum ShortDigest {
    /// The digest of `bytes`.
    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(32)
        for byte in SHA256.hash(data: Array(bytes)).prefix(16) {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
