import Testing
@testable import Providers

@Suite struct ProviderConfigurationTests {
    @Test func readsTheEnvironmentWithDefaults() throws {
        let configuration = try ProviderConfiguration(environment: [
            "CONEXTEO_API_KEY": "cx-key", "CONEXTEO_APP_ID": "app-1", "CONERIX_API_KEY": "ds_live_k",
        ])
        #expect(configuration.conexteo?.apiKey.unredactedValue == "cx-key")
        #expect(configuration.conexteo?.appID == "app-1")
        #expect(configuration.conexteo?.baseURL == "https://api.conexteo.com")
        #expect(configuration.conerix?.baseURL == "https://conerix.com/api")
        #expect(configuration.conerix?.requestsPerMinute == 60)
        #expect(!configuration.description.contains("cx-key"))
        #expect(!configuration.description.contains("ds_live_k"))
    }

    @Test func aProviderWithoutAKeyIsNotConfigured() throws {
        let configuration = try ProviderConfiguration(environment: ["CONEXTEO_API_KEY": "  ", "CONERIX_BASE_URL": "http://x"])
        #expect(configuration.conexteo == nil)
        #expect(configuration.conerix == nil)
    }

    @Test func baseURLsAreCheckedAndTrimmed() throws {
        let configuration = try ProviderConfiguration(environment: [
            "CONERIX_API_KEY": "k", "CONERIX_BASE_URL": "http://127.0.0.1:8080/conerix/api/",
        ])
        #expect(configuration.conerix?.baseURL == "http://127.0.0.1:8080/conerix/api")
        #expect(throws: ProviderError.self) {
            try ProviderConfiguration(environment: ["CONEXTEO_API_KEY": "k", "CONEXTEO_BASE_URL": "api.conexteo.com"])
        }
    }
}
