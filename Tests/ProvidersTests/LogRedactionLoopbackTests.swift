import Providers
import SMSCore
import Server
import Testing
import TestSupport

@Suite struct LogRedactionLoopbackTests {
    @Test func keysNeverReachALogLineOrAnError() async throws {
        let conexteoKey = "cx_SuperSecret456"
        let conerixKey = "ds_live_SuperSecret123"
        try await Loopback.run(.init(port: 0, conexteoAPIKey: conexteoKey, conerixAPIKey: conerixKey)) { h in
            var errors: [String] = []
            try await h.fault(#"{"count": 1, "status": 503, "body": "<html>cx_SuperSecret456</html>", "content_type": "text/html"}"#)
            _ = try await h.conexteo().send(try Loopback.message())
            _ = try await h.conerix().send(try Loopback.message())
            _ = await h.conerix().bulk(to: [try PhoneNumber.parse("+33612345678")], body: "x")
            do { _ = try await h.conexteo(key: "cx_WrongSecret789").credits() } catch { errors.append("\(error)") }
            do { _ = try await h.conerix(key: "ds_live_WrongSecret").send(try Loopback.message()) } catch { errors.append("\(error)") }
            try await h.fault(#"{"count": 1, "status": 200, "body": "{\"echo\": \"Bearer ds_live_SuperSecret123\"}"}"#)
            do { _ = try await h.conerix().send(try Loopback.message()) } catch { errors.append("\(error)") }

            let lines = h.logs.recorded
            // The test can only fail if there were lines at every level worth checking.
            #expect(lines.contains { $0.hasPrefix("trace") && $0.contains("headers") })
            #expect(lines.contains { $0.hasPrefix("debug") })
            #expect(lines.contains { $0.hasPrefix("warning") })
            #expect(errors.count == 3)
            for secret in [conexteoKey, conerixKey, "cx_WrongSecret789", "ds_live_WrongSecret"] {
                #expect(!lines.contains { $0.contains(secret) }, "\(secret) leaked into a log line")
                #expect(!errors.contains { $0.contains(secret) }, "\(secret) leaked into an error")
            }
        }
    }
}
