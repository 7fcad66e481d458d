import Providers
import SMSCore

/// Conexteo's own stop list, kept in step with the local one: Conexteo skips those numbers on
/// its side too, and its UI shows them. The local list stays the one the dispatcher checks.
struct ConexteoStopList: Sendable {
    let client: ConexteoClient

    /// Adds `phone` (E.164).
    func add(_ phone: String) async throws(ProviderError) {
        _ = try await client.addStop(phone)
    }

    /// Removes every entry for `phone` (E.164); returns how many there were. Conexteo deletes
    /// by id only, so its list is read to find them.
    @discardableResult
    func remove(_ phone: String, region: String) async throws(ProviderError) -> Int {
        var ids: [Int] = []
        var pages = client.stops().makeAsyncIterator()
        while let stop = try await pages.next() {
            let number = (try? PhoneNumber.parse(stop.recipient, region: region).e164) ?? stop.recipient
            if number == phone { ids.append(stop.id) }
        }
        for id in ids { _ = try await client.deleteStop(id: id) }
        return ids.count
    }
}
