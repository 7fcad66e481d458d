import Foundation
import Testing
@testable import SMSCore

struct PricingTests {
    @Test func costIsSegmentsTimesRecipientsTimesPrice() throws {
        let pricing = try Pricing.parse(price: "0.045", currency: "eur")
        #expect(pricing.currency == "EUR")
        #expect(pricing.cost(segments: 3, recipients: 1000) == Decimal(string: "135")!)
        #expect(pricing.cost(segments: 1, recipients: 1) == Decimal(string: "0.045")!)
    }

    @Test func decimalArithmeticIsExact() {
        // 0.1 × 3 is exactly 0.3 in Decimal, unlike Double.
        let pricing = Pricing(pricePerSegment: Decimal(string: "0.1")!, currency: "EUR")
        #expect(pricing.cost(segments: 3, recipients: 1) == Decimal(string: "0.3")!)
    }

    @Test func costOfASegmentation() {
        let pricing = Pricing(pricePerSegment: Decimal(string: "0.05")!, currency: "EUR")
        let message = Segmenter().segment(String(repeating: "ç", count: 71))  // UCS-2, 2 segments
        #expect(pricing.cost(of: message, recipients: 10) == Decimal(string: "1")!)
    }

    @Test func nothingToSendCostsNothing() {
        let pricing = Pricing(pricePerSegment: Decimal(string: "0.05")!, currency: "EUR")
        #expect(pricing.cost(segments: 2, recipients: 0) == 0)
        #expect(pricing.cost(segments: 0, recipients: 5) == 0)
        #expect(pricing.cost(segments: -1, recipients: 5) == 0)
    }

    @Test func configurationParsing() throws {
        #expect(try Pricing.parse(price: "0,045", currency: "EUR").pricePerSegment == Decimal(string: "0.045")!)
        for bad in ["", "abc", "-0.05", "1.2.3", ".", "0.05€"] {
            #expect(throws: SMSCoreError.self, "\(bad)") { try Pricing.parse(price: bad, currency: "EUR") }
        }
        #expect(throws: SMSCoreError.self) { try Pricing.parse(price: "0.05", currency: "EURO") }
        do {
            _ = try Pricing.parse(price: "abc", currency: "EUR")
        } catch {
            #expect(error.code == .invalidPrice)
            #expect(error.message.contains("\"abc\""))
        }
    }
}
