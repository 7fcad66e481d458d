import Foundation
import Providers
import Testing

/// A provider answering garbage gives a typed error naming provider and operation, never a crash.
@Suite struct BadResponseLoopbackTests {
    static let bodies: [(body: String, contentType: String)] = [
        ("{not json", "application/json"),
        ("<!DOCTYPE html><html><body><h1>Welcome to nginx</h1></body></html>", "text/html"),
        ("", "application/json"),
        (#"{"success": true, "data": {"object": "message"}}"#, "application/json"),
        (#"{"success": true}"#, "application/json"),
    ]

    static func faultJSON(_ prefix: String, _ body: String, _ contentType: String) -> String {
        let escaped = body.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        return #"{"count": 1, "status": 200, "path_prefix": "\#(prefix)", "content_type": "\#(contentType)", "body": "\#(escaped)"}"#
    }

    @Test(arguments: 0..<5) func conerixSend(_ index: Int) async throws {
        try await Loopback.run { h in
            let (body, type) = Self.bodies[index]
            try await h.fault(Self.faultJSON("/conerix", body, type))
            let error = try await #require(throws: ProviderError.self) { try await h.conerix().send(try Loopback.message()) }
            #expect(error.code == "invalid_response")
            #expect(error.provider == "conerix")
            #expect(error.operation == "send")
            #expect(error.httpStatus == 200)
            #expect(h.attempts.count == 1)
        }
    }

    @Test(arguments: 0..<5) func conexteoSend(_ index: Int) async throws {
        try await Loopback.run { h in
            let (body, type) = Self.bodies[index]
            try await h.fault(Self.faultJSON("/conexteo", body, type))
            let error = try await #require(throws: ProviderError.self) { try await h.conexteo().send(try Loopback.message()) }
            #expect(error.code == "invalid_response")
            #expect(error.provider == "conexteo")
            #expect(error.operation == "send")
        }
    }

    @Test func anHTMLErrorPageIsRetriedThenReported() async throws {
        try await Loopback.run { h in
            try await h.fault(Self.faultJSON("/conexteo", "<html><body>502 Bad Gateway</body></html>", "text/html")
                .replacingOccurrences(of: #""count": 1, "status": 200"#, with: #""count": 4, "status": 502"#))
            let error = try await #require(throws: ProviderError.self) { try await h.conexteo().credits() }
            #expect(error.code == "provider_unavailable")
            #expect(error.httpStatus == 502)
            #expect(error.operation == "credits")
            #expect(error.message.contains("HTML page"))
            #expect(h.attempts.count == 4)
        }
    }

    @Test func aDroppedConnectionIsTyped() async throws {
        try await Loopback.run { h in
            try await h.fault(#"{"count": 4, "drop": true, "path_prefix": "/conexteo"}"#)
            let error = try await #require(throws: ProviderError.self) { try await h.conexteo().credits() }
            #expect(error.code == "connection_lost")
            #expect(error.provider == "conexteo")
        }
    }
}
