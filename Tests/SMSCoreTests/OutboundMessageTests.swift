import SMSCore
import Testing

@Suite("Validating a send")
struct OutboundMessageTests {
    @Test("a valid send keeps its parts and segments its body")
    func valid() throws {
        let m = try OutboundMessage.validate(to: "+33612345678", body: "Bonjour ça va ?", from: "ACME", externalID: "k1")
        #expect(m.to.e164 == "+33612345678")
        #expect(m.from?.value == "ACME")
        #expect(m.externalID == "k1")
        #expect(m.segmentation.encoding == .ucs2)
    }

    @Test("each bad part gets its own code", arguments: [
        ("0612345678", "hi", nil as String?, nil as String?, "not_e164"),
        ("+33abc", "hi", nil, nil, "invalid_number"),
        ("+33612345678", "  ", nil, nil, "empty_body"),
        ("+33612345678", String(repeating: "x", count: 1_601), nil, nil, "body_too_long"),
        ("+33612345678", "hi", "WAY TOO LONG SENDER", nil, "invalid_sender"),
        ("+33612345678", "hi", nil, "", "invalid_external_id"),
        ("+33612345678", "hi", nil, "a\u{7}b", "invalid_external_id"),
    ])
    func invalid(to: String, body: String, from: String?, key: String?, code: String) {
        let error = #expect(throws: SMSCoreError.self) {
            try OutboundMessage.validate(to: to, body: body, from: from, externalID: key)
        }
        #expect(error?.code.rawValue == code)
    }

    @Test("the not_e164 message gives the E.164 form")
    func notE164Hint() {
        let error = #expect(throws: SMSCoreError.self) { try OutboundMessage.validate(to: "06 12 34 56 78", body: "hi") }
        #expect(error?.message.contains("+33612345678") == true)
    }

    @Test("content checked once makes the same messages as validating each recipient")
    func sharedContent() throws {
        let content = try OutboundMessage.content(body: "Offre -20% ce week-end €", from: "ACME")
        for number in ["+33612345678", "+33712345678"] {
            let shared = try OutboundMessage(to: OutboundMessage.recipient(number, region: "FR"), content: content, externalID: "x")
            let alone = try OutboundMessage.validate(to: number, body: "Offre -20% ce week-end €", from: "ACME", externalID: "x")
            #expect(shared == alone)
        }
        #expect(throws: SMSCoreError.self) {
            try OutboundMessage(to: OutboundMessage.recipient("+33612345678", region: "FR"), content: content, externalID: "")
        }
    }
}
