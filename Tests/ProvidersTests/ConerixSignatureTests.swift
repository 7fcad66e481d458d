import Foundation
import Testing
@testable import Providers

@Suite struct ConerixSignatureTests {
    // Vectors computed independently with Python's hmac module.
    let secret = ProviderSecret("whsec_test_secret")
    let body = Array(#"{"id":"evt_1","type":"message.delivered"}"#.utf8)
    let expected = "4a8e9eb50a33998cda6ba9caf6965b6bddb08b15108705312794c42c89079b2b"
    let signedAt = Date(timeIntervalSince1970: 1_700_000_000)

    @Test func signsLikeTheReference() {
        #expect(ConerixSignature.sign(payload: body, secret: secret, timestamp: 1_700_000_000) == "t=1700000000,v1=\(expected)")
    }

    @Test func acceptsAGoodSignature() throws {
        let t = try ConerixSignature.verify(payload: body, header: "t=1700000000,v1=\(expected)", secret: secret, now: signedAt + 10)
        #expect(t == 1_700_000_000)
        // A rolled secret: any v1 may match; unknown schemes are ignored.
        try ConerixSignature.verify(
            payload: body, header: "t=1700000000, v0=abc, v1=\(String(repeating: "0", count: 64)), v1=\(expected.uppercased())",
            secret: secret, now: signedAt)
    }

    @Test func rejectsTamperingStalenessAndGarbage() {
        func code(_ payload: [UInt8], _ header: String?, now: Date? = nil) -> String? {
            do throws(ProviderError) {
                try ConerixSignature.verify(payload: payload, header: header, secret: secret, now: now ?? signedAt)
                return nil
            } catch { return error.code }
        }
        #expect(code(body + [0x20], "t=1700000000,v1=\(expected)") == "bad_signature")
        #expect(code(body, "t=1700000001,v1=\(expected)") == "bad_signature")
        #expect(code(body, "t=1700000000,v1=\(expected)", now: signedAt + 301) == "stale_signature")
        #expect(code(body, "t=1700000000,v1=\(expected)", now: signedAt - 301) == "stale_signature")
        #expect(code(body, nil) == "missing_signature")
        #expect(code(body, "v1=\(expected)") == "malformed_signature")
        #expect(code(body, "t=1700000000,v1=xyz") == "malformed_signature")
        #expect(code(body, "garbage") == "malformed_signature")
    }

    @Test func theWrongSecretFails() {
        #expect(throws: ProviderError.self) {
            try ConerixSignature.verify(
                payload: body, header: "t=1700000000,v1=\(expected)", secret: ProviderSecret("whsec_other"), now: signedAt)
        }
    }
}
