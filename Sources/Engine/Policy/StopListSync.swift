import Foundation
import Providers
import SMSCore
import Storage

/// Pulls a provider's own stop list into the local one, which every send is checked against: a
/// number stopped on the provider's side (its recipient's STOP handled there, or its console)
/// is then stopped here before any request. Only adds: a local removal goes to the provider
/// too (`stops.remove`), and a number the provider lists no more may still be stopped here.
public struct StopListSync: Sendable {
    let provider: any RemoteStopListProvider
    let store: any EngineStorage
    let clock: any TimeSource
    let region: String
    /// The dispatcher's: held from reading the provider's list to the last local add.
    let changes: AsyncLock

    /// What one pull found.
    public struct Outcome: Sendable, Equatable {
        /// Numbers on the provider's list.
        public var listed: Int
        /// Of those, the ones the local list lacked (added now).
        public var added: [String]
    }

    /// The provider's name, for messages.
    public var providerName: String { provider.name }

    /// Reads the provider's whole list and adds the numbers the local list lacks.
    public func pull() async throws(EngineError) -> Outcome {
        try await changes.withLock { () async throws(EngineError) -> Outcome in try await pullLocked() }
    }

    private func pullLocked() async throws(EngineError) -> Outcome {
        let numbers: [String]
        do throws(ProviderError) {
            numbers = try await provider.remoteStops(region: region)
        } catch {
            throw EngineError(code: error.code, message: "reading \(provider.name)'s stop list: \(error.message)")
        }
        let listed = Set(numbers)
        let store = self.store, now = clock.now()
        // One read of the local list, then a write per number it lacks: a pull every ten minutes
        // of a list that rarely changes writes nothing.
        let known = Set(try await Dispatcher.storing { () async throws(StorageError) in try await store.stops() }.map(\.phone))
        var added: [String] = []
        for number in listed.subtracting(known).sorted() {
            let isNew = try await Dispatcher.storing { () async throws(StorageError) in
                try await store.addStop(number, source: .provider, now: now)
            }
            if isNew { added.append(number) }
        }
        return Outcome(listed: listed.count, added: added)
    }
}
