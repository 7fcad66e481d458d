import Foundation

/// The price of sending: a configured price per segment, in one currency.
public struct Pricing: Sendable, Hashable {
    /// Price of one SMS segment to one recipient, exact (no binary floating point).
    public var pricePerSegment: Decimal
    /// ISO 4217 currency code, e.g. "EUR".
    public var currency: String

    /// Creates a pricing from a price per segment and a currency code.
    public init(pricePerSegment: Decimal, currency: String) {
        self.pricePerSegment = pricePerSegment
        self.currency = currency
    }

    /// Cost of sending `segments` segments to each of `recipients` recipients; 0 if either is not positive.
    public func cost(segments: Int, recipients: Int) -> Decimal {
        guard segments > 0, recipients > 0 else { return 0 }
        return pricePerSegment * Decimal(segments) * Decimal(recipients)
    }

    /// Cost of sending a segmented message to `recipients` recipients.
    public func cost(of segmentation: Segmentation, recipients: Int) -> Decimal {
        cost(segments: segmentation.segments, recipients: recipients)
    }

    /// Reads a price and currency from configuration: `"0.045"` or `"0,045"`, and a 3-letter code.
    public static func parse(price: String, currency: String) throws(SMSCoreError) -> Pricing {
        let text = price.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ",", with: ".")
        let isNumber =
            !text.isEmpty && text.unicodeScalars.allSatisfy { ("0"..."9").contains($0) || $0 == "." }
            && text.unicodeScalars.filter { $0 == "." }.count <= 1 && text != "."
        guard isNumber, let value = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) else {
            throw SMSCoreError(
                code: .invalidPrice,
                message: "\"\(price)\" is not a price: write a non-negative decimal number such as 0.045")
        }
        let code = currency.trimmingCharacters(in: .whitespaces).uppercased()
        guard code.count == 3, code.unicodeScalars.allSatisfy({ ("A"..."Z").contains($0) }) else {
            throw SMSCoreError(
                code: .invalidPrice,
                message: "\"\(currency)\" is not a currency code: use a 3-letter ISO 4217 code such as EUR or USD")
        }
        return Pricing(pricePerSegment: value, currency: code)
    }
}
