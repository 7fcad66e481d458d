/// A provider that keeps its own stop list and skips those numbers on its side (Conexteo). The
/// local list stays the one every send is checked against; this one is kept in step with it.
public protocol RemoteStopListProvider: MessagingProvider {
    /// Adds `phone` (E.164) to the provider's stop list.
    func addRemoteStop(_ phone: String) async throws(ProviderError)
    /// Removes every entry for `phone` (E.164), reading entries as numbers of `region`; returns
    /// how many there were.
    @discardableResult
    func removeRemoteStops(_ phone: String, region: String) async throws(ProviderError) -> Int
    /// Every number on the provider's stop list, in E.164 (entries read as numbers of `region`;
    /// one that is not a number is skipped).
    func remoteStops(region: String) async throws(ProviderError) -> [String]
}
