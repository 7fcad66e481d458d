import Foundation
import Providers
import SMSCore
import Server
import SandboxStore
import Storage
import StoreSQLite
import Testing
import TestSupport

@Suite struct ConexteoAccountLoopbackTests {
    static let password = ProviderSecret(SandboxServer.Configuration.defaultConexteoPassword)

    /// A session client logged in with the sandbox's default login.
    static func session(_ h: Loopback) async throws -> ConexteoSessionClient {
        let client = h.conexteo()
        let session = try await client.login(email: SandboxServer.Configuration.defaultConexteoEmail, password: password)
        return client.withSession(session)
    }

    @Test func loginGivesASessionThatManagesSubAccounts() async throws {
        try await Loopback.run { h in
            let client = h.conexteo()
            let session = try await client.login(email: "SANDBOX@moonwire.test", password: Self.password)
            #expect(session.tokenType == "Bearer")
            #expect(session.expiresAt > Date().addingTimeInterval(3000))
            #expect(session.token.unredactedValue.split(separator: ".").count == 3)
            let accounts = client.withSession(session)

            let created = try await accounts.createSubAccount(name: "Agence Lyon", email: "lyon@example.fr")
            #expect(created.name == "Agence Lyon")
            #expect(created.email == "lyon@example.fr")
            #expect(created.credits == 0)
            #expect(created.creditMode == .dedicated)
            #expect(created.apiKey != nil)
            #expect(try await accounts.subAccount(id: created.id).apiKey == nil)  // shown once
            #expect(try await accounts.allSubAccounts().map(\.id) == [created.id])

            let funded = try await accounts.addCredits(100, toSubAccount: created.id)
            #expect(funded.credits == 100)
            #expect(try await client.credits().first?.credits == 9_900)  // taken from the parent
            let drained = try await accounts.removeCredits(30, fromSubAccount: created.id)
            #expect(drained.credits == 70)
            #expect(try await client.credits().first?.credits == 9_930)

            let shared = try await accounts.setCreditMode(.shared, forSubAccount: created.id)
            #expect(shared.creditMode == .shared)
            #expect(try await accounts.subAccount(id: created.id).creditMode == .shared)

            let history = try await accounts.creditHistory(ofSubAccount: created.id)
            #expect(history.map(\.operation) == [.add, .remove])
            #expect(history.map(\.credits) == [100, 30])
            #expect(history.map(\.balanceAfter) == [100, 70])
            #expect(history.allSatisfy { $0.createdAt != nil })
        }
    }

    @Test func subAccountsArePagedLazily() async throws {
        try await Loopback.run { h in
            let accounts = try await Self.session(h)
            var created: [Int] = []
            for index in 0..<7 {
                created.append(try await accounts.createSubAccount(name: "Agence \(index)", email: "a\(index)@example.fr").id)
            }
            var seen: [Int] = []
            for try await account in accounts.subAccounts(pageSize: 3) { seen.append(account.id) }
            #expect(seen == created)
            #expect(h.attempts.filter { $0.contains("/subaccounts?") }.count == 3)
        }
    }

    @Test func removingMoreCreditsThanHeldIsRefused() async throws {
        try await Loopback.run { h in
            let accounts = try await Self.session(h)
            let account = try await accounts.createSubAccount(name: "Agence", email: "agence@example.fr")
            _ = try await accounts.addCredits(20, toSubAccount: account.id)
            let error = try await #require(throws: ProviderError.self) {
                try await accounts.removeCredits(21, fromSubAccount: account.id)
            }
            #expect(error.httpStatus == 400)
            #expect(error.code == "invalid_request")
            #expect(error.message.contains("20"))
            #expect(!error.retryable)
            #expect(try await accounts.subAccount(id: account.id).credits == 20)
            #expect(try await accounts.creditHistory(ofSubAccount: account.id).count == 1)
            // A credit move is not idempotent: a refusal is never sent twice.
            #expect(h.attempts.filter { $0.contains("credits/remove") }.count == 1)
        }
    }

    @Test func addingMoreCreditsThanTheParentHoldsIsPaymentRequired() async throws {
        try await Loopback.run { h in
            let accounts = try await Self.session(h)
            let account = try await accounts.createSubAccount(name: "Agence", email: "agence@example.fr")
            let (status, _) = try await h.control("PUT", "/conexteo/credits", body: #"{"credits": 50}"#)
            #expect(status == 200)
            let error = try await #require(throws: ProviderError.self) { try await accounts.addCredits(51, toSubAccount: account.id) }
            #expect(error.httpStatus == 402)
            #expect(error.code == "insufficient_credits")
            #expect(try await h.store.sandbox().sandboxCredits(account: "conexteo", startingBalance: 0) == 50)
            #expect(try await accounts.subAccount(id: account.id).credits == 0)
        }
    }

    @Test func aWrongPasswordIsUnauthorized() async throws {
        try await Loopback.run { h in
            let error = try await #require(throws: ProviderError.self) {
                try await h.conexteo().login(email: SandboxServer.Configuration.defaultConexteoEmail, password: ProviderSecret("guess"))
            }
            #expect(error.code == "unauthorized")
            #expect(error.httpStatus == 401)
            #expect(error.message.contains("email and password"))
        }
    }

    @Test func aTamperedTokenIsRefused() async throws {
        try await Loopback.run { h in
            let client = h.conexteo()
            let session = try await client.login(email: SandboxServer.Configuration.defaultConexteoEmail, password: Self.password)
            var parts = session.token.unredactedValue.split(separator: ".").map(String.init)
            // Claims rewritten to another subject, signature kept: the HMAC no longer matches.
            parts[1] = Data(#"{"sub":"admin@example.fr","iat":1,"exp":99999999999}"#.utf8).base64EncodedString()
                .replacingOccurrences(of: "=", with: "").replacingOccurrences(of: "+", with: "-")
                .replacingOccurrences(of: "/", with: "_")
            var tampered = session
            tampered.token = ProviderSecret(parts.joined(separator: "."))
            let error = try await #require(throws: ProviderError.self) { try await client.withSession(tampered).allSubAccounts() }
            #expect(error.httpStatus == 401)
            #expect(error.code == "unauthorized")
            #expect(error.message.contains("log in again"))
            // The genuine token still works.
            #expect(try await client.withSession(session).allSubAccounts().isEmpty)
        }
    }

    @Test func anExpiredTokenIsRefusedByTheServer() async throws {
        let clock = ManualTimeSource()
        try await Loopback.run(clock: clock) { h in
            let client = h.conexteo()
            let session = try await client.login(email: SandboxServer.Configuration.defaultConexteoEmail, password: Self.password)
            #expect(try await client.withSession(session).allSubAccounts().isEmpty)
            clock.advance(by: .seconds(3_601))  // the server's clock only: the client still thinks it valid
            let error = try await #require(throws: ProviderError.self) { try await client.withSession(session).allSubAccounts() }
            #expect(error.httpStatus == 401)
            #expect(error.message.contains("the token has expired"))
        }
    }

    @Test func aSessionKnownToBeExpiredIsNotSent() async throws {
        try await Loopback.run { h in
            let stale = ConexteoSession(token: ProviderSecret("a.b.c"), expiresAt: Date(timeIntervalSinceNow: -1))
            let error = try await #require(throws: ProviderError.self) { try await h.conexteo().withSession(stale).allSubAccounts() }
            #expect(error.code == "session_expired")
            #expect(h.attempts.isEmpty)
        }
    }

    @Test func theTokenPasswordAndKeysNeverReachALogLineOrAnError() async throws {
        let apiKey = "cx_TopSecretKey_4711"
        let password = "S3cret-Passw0rd!"
        try await Loopback.run(.init(port: 0, conexteoAPIKey: apiKey, conexteoPassword: password)) { h in
            var errors: [String] = []
            let client = h.conexteo()
            do { _ = try await client.login(email: "sandbox@moonwire.test", password: ProviderSecret("Wr0ng-\(password)")) } catch {
                errors.append("\(error)")
            }
            let session = try await client.login(email: "sandbox@moonwire.test", password: ProviderSecret(password))
            let accounts = client.withSession(session)
            let created = try await accounts.createSubAccount(
                name: "Agence", email: "agence@example.fr", password: ProviderSecret(password))
            let subKey = try #require(created.apiKey?.unredactedValue)
            _ = try await accounts.addCredits(5, toSubAccount: created.id)
            do { _ = try await accounts.removeCredits(6, fromSubAccount: created.id) } catch { errors.append("\(error)") }
            var tampered = session
            tampered.token = ProviderSecret(session.token.unredactedValue + "x")
            do { _ = try await client.withSession(tampered).allSubAccounts() } catch { errors.append("\(error)") }
            errors.append("\(session)")
            errors.append("\(created)")

            let lines = h.logs.recorded
            // The check can only fail if requests were logged down to their headers and bodies.
            #expect(lines.contains { $0.hasPrefix("trace") && $0.contains("Authorization: [REDACTED]") })
            #expect(lines.contains { $0.hasPrefix("trace") && $0.contains("request body") })
            #expect(errors.count == 5)
            let secrets = [apiKey, password, session.token.unredactedValue, tampered.token.unredactedValue, subKey]
                // Each JWT part on its own too: a log line might quote one.
                + session.token.unredactedValue.split(separator: ".").suffix(2).map(String.init)
            for secret in secrets {
                #expect(!lines.contains { $0.contains(secret) }, "a secret leaked into a log line")
                #expect(!errors.contains { $0.contains(secret) }, "a secret leaked into an error")
            }
        }
    }
}
