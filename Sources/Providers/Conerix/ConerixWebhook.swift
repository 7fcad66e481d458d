import Foundation

/// The receiving side of Conerix webhooks: checks an incoming POST came from Conerix, then reads
/// its event. Hand it the raw body exactly as received; re-serialised JSON no longer matches.
public enum ConerixWebhook {
    /// Verifies `signatureHeader` (the `Conerix-Signature` value) over `body` with the endpoint's
    /// signing secret, then decodes the event. Nothing is parsed before the signature holds.
    ///
    /// Error codes (all `conerix` / `verify_webhook`, never retryable, never quoting the secret):
    /// - `missing_signature`: no header; the request did not come from Conerix.
    /// - `malformed_signature`: not `t=<unix>,v1=<hex>`.
    /// - `stale_signature`: the signed time is more than `tolerance` before or after `now`
    ///   (a replay, or a clock out of sync).
    /// - `bad_signature`: no `v1` matches the body (tampered, or the wrong secret).
    /// - `invalid_event`: signed, but not an event Moonwire can read.
    /// - Parameters:
    ///   - now: the receiver's time, compared with the signed timestamp.
    ///   - tolerance: how far apart the two may be (Stripe's five minutes, which Conerix copies [I]).
    public static func event(
        body: [UInt8], signatureHeader: String?, secret: ProviderSecret, now: Date = Date(),
        tolerance: Duration = .seconds(300)
    ) throws(ProviderError) -> ConerixEvent {
        let (seconds, attoseconds) = tolerance.components
        try ConerixSignature.verify(
            payload: body, header: signatureHeader, secret: secret, now: now,
            tolerance: TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18)
        return try decode(body)
    }

    /// The same, with the secret as text (`whsec_…`).
    public static func event(
        body: [UInt8], signatureHeader: String?, secret: String, now: Date = Date(), tolerance: Duration = .seconds(300)
    ) throws(ProviderError) -> ConerixEvent {
        try event(body: body, signatureHeader: signatureHeader, secret: ProviderSecret(secret), now: now, tolerance: tolerance)
    }

    /// Reads a verified body.
    static func decode(_ body: [UInt8]) throws(ProviderError) -> ConerixEvent {
        let event: ConerixEvent
        do {
            event = try JSONDecoder().decode(ConerixEvent.self, from: Data(body))
        } catch let error as DecodingError {
            throw invalid(ProviderResponse.explain(error, body: body))
        } catch {
            throw invalid("the body could not be read (\(error))")
        }
        guard event.object == "event" else { throw invalid("`object` is \"\(event.object)\", not \"event\"") }
        guard event.data.object == "message" else {
            throw invalid("`data.object` is \"\(event.data.object)\", not \"message\"")
        }
        return event
    }

    private static func invalid(_ what: String) -> ProviderError {
        ConerixSignature.failure(
            "invalid_event",
            "the signed webhook body is not a Conerix event: \(what) — its signature holds, so Conerix's event "
                + "format may have changed: report it")
    }
}
