import SMSCore

/// Keeps keys the engine derives (a bulk's `external_id:3`, a handler's `in:42:plugin#1:2`) within
/// what a provider accepts as an `external_id`.
///
/// A derived key longer than `OutboundMessage.maxExternalIDLength` bytes keeps its first bytes and
/// ends with `~` and 32 hex digits of its SHA-256: still readable, still the same on every re-run
/// (which dedup needs), and distinct from its neighbours even when they share a long prefix.
enum DedupKey {
    /// Bytes of the original key kept in front of the digest.
    private static let keptBytes = OutboundMessage.maxExternalIDLength - 33

    /// `key` itself when it fits, else its bounded form described above.
    static func fitted(_ key: String) -> String {
        guard key.utf8.count > OutboundMessage.maxExternalIDLength else { return key }
        var kept = ""
        var bytes = 0
        for scalar in key.unicodeScalars {
            let length = UTF8.width(scalar)
            if bytes + length > keptBytes { break }
            kept.unicodeScalars.append(scalar)
            bytes += length
        }
        return kept + "~" + ShortDigest.hex(key.utf8)
    }
}
