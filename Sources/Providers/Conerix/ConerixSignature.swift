import Crypto
import Foundation

/// `Conerix-Signature: t=<unix>,v1=<hex>`: lowercase hex HMAC-SHA256 of `"<t>.<raw body>"` keyed
/// with the endpoint's signing secret (Stripe's scheme). Verify before parsing the body.
public enum ConerixSignature {
    /// The header carrying the signature.
    public static let headerName = "Conerix-Signature"
    /// How far the signed timestamp may be from now. Conerix does not publish its tolerance [I];
    /// five minutes is Stripe's default, which the scheme copies.
    public static let defaultTolerance: TimeInterval = 300

    /// The header value signing `payload` at `timestamp` (for the sandbox and tests).
    public static func sign(payload: some Sequence<UInt8>, secret: ProviderSecret, timestamp: Int) -> String {
        "t=\(timestamp),v1=" + Hex.encode(mac(payload: payload, secret: secret, timestamp: timestamp))
    }

    /// Checks `header` signs `payload` with `secret` within `tolerance` of `now`; returns the
    /// signed timestamp. Any `v1` entry may match, so a secret can be rolled.
    @discardableResult
    public static func verify(
        payload: some Sequence<UInt8>, header: String?, secret: ProviderSecret, now: Date = Date(),
        tolerance: TimeInterval = defaultTolerance
    ) throws(ProviderError) -> Int {
        guard let header, !header.isEmpty else {
            throw failure("missing_signature", "the request has no \(headerName) header: it did not come from Conerix")
        }
        var timestamp: Int?
        var signatures: [[UInt8]] = []
        for part in header.split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2 else { continue }
            switch pair[0] {
            case "t": timestamp = Int(pair[1])
            case "v1": if let bytes = Hex.decode(pair[1]), bytes.count == SHA256.byteCount { signatures.append(bytes) }
            default: continue  // other schemes (v0, ...) are ignored, as Stripe does
            }
        }
        guard let timestamp, !signatures.isEmpty else {
            throw failure("malformed_signature", "the \(headerName) header is not `t=<unix time>,v1=<hex HMAC-SHA256>`")
        }
        let age = now.timeIntervalSince1970 - TimeInterval(timestamp)
        guard abs(age) <= tolerance else {
            // Clamped: a forged `t` near Int.max must not trap the conversion back to Int.
            let distance = Int(min(abs(age), 1e15))
            let when = age >= 0 ? "\(distance) s old" : "\(distance) s in the future"
            throw failure(
                "stale_signature",
                "the \(headerName) timestamp is \(when), beyond the \(Int(tolerance)) s tolerance: "
                    + "a replayed request, or a clock out of sync")
        }
        let key = SymmetricKey(data: Array(secret.unredactedValue.utf8))
        let signed = signedBytes(payload: payload, timestamp: timestamp)
        // HMAC's own comparison is constant-time, so a forger learns nothing from timing.
        guard signatures.contains(where: { HMAC<SHA256>.isValidAuthenticationCode($0, authenticating: signed, using: key) })
        else {
            throw failure("bad_signature", "the \(headerName) does not match the body: check the endpoint's signing secret")
        }
        return timestamp
    }

    static func mac(payload: some Sequence<UInt8>, secret: ProviderSecret, timestamp: Int) -> [UInt8] {
        let key = SymmetricKey(data: Array(secret.unredactedValue.utf8))
        return Array(HMAC<SHA256>.authenticationCode(for: signedBytes(payload: payload, timestamp: timestamp), using: key))
    }

    static func signedBytes(payload: some Sequence<UInt8>, timestamp: Int) -> [UInt8] {
        Array("\(timestamp).".utf8) + Array(payload)
    }

    static func failure(_ code: String, _ message: String) -> ProviderError {
        ProviderError(code: code, message: message, httpStatus: nil, provider: "conerix", operation: "verify_webhook")
    }
}
