import Providers

extension EngineServices {
    /// The pull of the provider's stop list, when the provider keeps one (Conexteo).
    public var stopListSync: StopListSync? {
        (provider as? any RemoteStopListProvider).map {
            StopListSync(provider: $0, store: store, clock: clock, region: region, changes: dispatcher.stopListChanges)
        }
    }
}
