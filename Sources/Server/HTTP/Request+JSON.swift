import Foundation
import HTTPTypes
import Hummingbird

extension Request {
    /// The largest request body the sandbox reads: a 1,000-recipient bulk send is far below it.
    static let maxBodyBytes = 4 * 1024 * 1024

    /// The body parsed as JSON, or nil when it is empty or not JSON (each provider answers that
    /// in its own error format).
    mutating func jsonBody() async throws -> JSONValue? {
        let buffer = try await body.collect(upTo: Request.maxBodyBytes)
        guard buffer.readableBytes > 0 else { return nil }
        return try? JSONDecoder().decode(JSONValue.self, from: Data(buffer.readableBytesView))
    }

    /// The value of a header, whatever its case.
    func header(_ name: String) -> String? {
        guard let fieldName = HTTPField.Name(name) else { return nil }
        return headers[fieldName]
    }
}
