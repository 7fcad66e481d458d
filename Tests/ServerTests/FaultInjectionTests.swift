import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Server
import SandboxStore
import Storage
import StoreSQLite
import Testing

@Suite("Fault injection")
struct FaultInjectionTests {
    static let conerixSend = #"{"to":"+33612345678","from":"ACME","body":"Hi"}"#

    @Test("the next N matching requests answer the fault's status and exact body, storing nothing")
    func statusAndBody() async throws {
        try await SandboxHarness.run { h async throws in
            try await h.fault(#"{"count":2,"status":502,"body":"<html>Bad gateway</html>","content_type":"text/html","path_prefix":"/conerix"}"#)
            for _ in 0..<2 {
                let reply = try await h.conerix("/messages/send", Self.conerixSend)
                #expect(reply.status == 502)
                #expect(reply.text == "<html>Bad gateway</html>")
                #expect(reply.headers.first(name: "Content-Type") == "text/html")
            }
            #expect(try await h.stored().isEmpty)
            #expect(try await h.conerix("/messages/send", Self.conerixSend).status == 201)
            #expect(try await h.stored().count == 1)
        }
    }

    @Test("a 200 with a body that is not what the provider sends, or an empty 503")
    func malformedSuccessAndEmptyBody() async throws {
        try await SandboxHarness.run { h async throws in
            try await h.fault(#"{"status":200,"body":"{\"success\":true}"}"#)
            try await h.fault(#"{}"#)
            let missing = try await h.conexteo(.POST, "/messages/sms", #"{"content":"Hi","recipients":["+33612345678"]}"#)
            #expect(missing.status == 200)
            #expect(missing.text == #"{"success":true}"#)
            let empty = try await h.conexteo(.POST, "/messages/sms", #"{"content":"Hi","recipients":["+33612345678"]}"#)
            #expect(empty.status == 503)
            #expect(empty.text.isEmpty)
            #expect(try await h.stored().isEmpty)
        }
    }

    @Test("a path prefix limits the fault to one provider, and DELETE clears pending faults")
    func prefixAndClear() async throws {
        try await SandboxHarness.run { h async throws in
            try await h.fault(#"{"count":5,"status":500,"path_prefix":"/conexteo"}"#)
            #expect(try await h.conerix("/messages/send", Self.conerixSend).status == 201)
            #expect(try await h.conexteo(.GET, "/users/credits").status == 500)
            let listed = try await h.request(.GET, "/_sandbox/faults")
            #expect(listed.text.contains(#""count":4"#))
            let cleared = try await h.request(.DELETE, "/_sandbox/faults")
            #expect(cleared.object["cleared"] as? Int == 4)
            #expect(try await h.conexteo(.GET, "/users/credits").status == 200)
        }
    }

    @Test("a delayed fault makes a client with a short timeout give up; nothing is stored")
    func delay() async throws {
        try await SandboxHarness.run { h async throws in
            try await h.fault(#"{"status":503,"delay_ms":1000}"#)
            await #expect(throws: HTTPClientError.self) {
                _ = try await h.request(
                    .POST, "/conerix/api/v1/messages/send", headers: [("Authorization", "Bearer sandbox")],
                    json: Self.conerixSend, timeout: .milliseconds(100))
            }
            #expect(try await h.stored().isEmpty)
        }
    }

    @Test("a pass fault delays the request and then handles it normally")
    func delayThenPass() async throws {
        try await SandboxHarness.run { h async throws in
            try await h.fault(#"{"delay_ms":10,"pass":true}"#)
            #expect(try await h.conerix("/messages/send", Self.conerixSend).status == 201)
            #expect(try await h.stored().count == 1)
        }
    }

    @Test("a drop fault closes the connection without an answer; the next request succeeds")
    func drop() async throws {
        try await SandboxHarness.run { h async throws in
            try await h.fault(#"{"drop":true,"path_prefix":"/conerix"}"#)
            await #expect(throws: (any Error).self) {
                _ = try await h.conerix("/messages/send", Self.conerixSend)
            }
            #expect(try await h.stored().isEmpty)
            #expect(try await h.conerix("/messages/send", Self.conerixSend).status == 201)
            #expect(try await h.stored().count == 1)
        }
    }

    @Test("a malformed fault is refused with 400 and queues nothing")
    func badFault() async throws {
        try await SandboxHarness.run { h async throws in
            for json in [#"{"count":0}"#, #"{"status":"503"}"#, #"{"path_prefix":"conerix"}"#, #"{"colour":1}"#, "[1]"] {
                let reply = try await h.request(.POST, "/_sandbox/faults", json: json)
                #expect(reply.status == 400, "\(json)")
            }
            #expect(try await h.request(.GET, "/_sandbox/faults").text == #"{"faults":[]}"#)
        }
    }
}
