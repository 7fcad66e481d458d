import Foundation
import Providers
import SandboxStore
import Storage
import StoreSQLite
import Testing

/// The factory builds each configured provider, and each says what it can do as it really does it.
@Suite struct ProviderFactoryTests {
    static let environment = ["CONEXTEO_API_KEY": "k", "CONERIX_API_KEY": "k"]

    static func make(_ name: String, environment: [String: String] = environment) throws -> any MessagingProvider {
        let store = try SQLiteStore(path: ":memory:")
        return try ProviderFactory.make(
            name: name, environment: environment, engine: store, sandbox: { () throws(StorageError) in try store.sandbox() })
    }

    /// The capabilities `provider` has, by name.
    static func capabilities(of provider: any MessagingProvider) -> Set<String> {
        var found: Set<String> = []
        if provider is any DeduplicatingProvider { found.insert("dedup") }
        if provider is any ReplyPollingProvider { found.insert("polls replies") }
        if provider is any InProcessNetworkProvider { found.insert("in process") }
        if provider is any CreditReportingProvider { found.insert("credits") }
        if provider is any RemoteStopListProvider { found.insert("stop list") }
        if provider is any RemoteDirectoryProvider { found.insert("directory") }
        if provider is any RCSProvider { found.insert("rcs") }
        return found
    }

    @Test("the sandbox dedups, runs in process, has unlimited credits and sends RCS")
    func sandbox() async throws {
        let provider = try Self.make("sandbox")
        #expect(provider.name == "sandbox")
        #expect(Self.capabilities(of: provider) == ["dedup", "in process", "credits", "rcs"])
        let balance = try await (provider as? any CreditReportingProvider)?.creditBalance()
        #expect(balance?.count == 1 && balance?.first?.isUnlimited == true)
        #expect(ProviderFactory.runsInProcess("sandbox"))
    }

    @Test("Conexteo dedups by external_id, is polled for replies, reports credits, keeps a stop list and a directory")
    func conexteo() throws {
        let provider = try Self.make("conexteo")
        #expect(provider.name == "conexteo")
        #expect(Self.capabilities(of: provider) == ["dedup", "polls replies", "credits", "stop list", "directory", "rcs"])
        #expect(!ProviderFactory.runsInProcess("conexteo"))
    }

    @Test("Conerix only sends: no dedup (at most once), replies by webhook, no balance API")
    func conerix() throws {
        let provider = try Self.make("conerix")
        #expect(provider.name == "conerix")
        #expect(Self.capabilities(of: provider).isEmpty)
    }

    @Test("an unknown name and a missing key are refused with what to set")
    func refusals() throws {
        let unknown = #expect(throws: ProviderError.self) { try Self.make("twilio") }
        #expect(unknown?.code == "unknown_provider")
        #expect(unknown?.message.contains("use sandbox, conexteo or conerix") == true)
        let missing = #expect(throws: ProviderError.self) { try Self.make("conerix", environment: [:]) }
        #expect(missing?.code == "missing_api_key")
        #expect(missing?.message.contains("CONERIX_API_KEY") == true)
    }
}
