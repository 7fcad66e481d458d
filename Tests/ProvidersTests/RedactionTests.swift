import Testing
@testable import Providers

@Suite struct RedactionTests {
    let redactor = Redactor(secrets: ["sk_live_abc123", "sk_live_abc123_long"])

    @Test func hidesEveryKnownSecretLongestFirst() {
        let text = redactor.redact("keys: sk_live_abc123_long and sk_live_abc123.")
        #expect(text == "keys: [REDACTED] and [REDACTED].")
    }

    @Test func hidesBearerTokensItWasNotTold() {
        #expect(Redactor(secrets: []).redact("Authorization: Bearer ds_live_zzz, next") == "Authorization: Bearer [REDACTED], next")
        #expect(Redactor(secrets: []).redact("authorization: bearer [REDACTED]") == "authorization: bearer [REDACTED]")
    }

    @Test func credentialHeadersAreHiddenWhatever() {
        #expect(redactor.redactHeader(name: "X-API-KEY", value: "anything") == "[REDACTED]")
        #expect(redactor.redactHeader(name: "authorization", value: "Basic xyz") == "[REDACTED]")
        #expect(redactor.redactHeader(name: "X-APP-ID", value: "app-7") == "app-7")
    }

    @Test func secretsNeverPrint() {
        let secret = ProviderSecret("ds_live_topsecret")
        let configuration = ConerixConfiguration(apiKey: secret)
        #expect(!"\(secret)".contains("topsecret"))
        #expect(!String(reflecting: secret).contains("topsecret"))
        #expect(!configuration.description.contains("topsecret"))
        var dumped = ""
        dump(configuration, to: &dumped)
        #expect(!dumped.contains("topsecret"))
        #expect(!String(reflecting: configuration).contains("topsecret"))
    }
}
