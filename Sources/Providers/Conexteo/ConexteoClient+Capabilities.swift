import SMSCore

// What Conexteo does beyond sending (see Providers/Capabilities): the engine finds these by
// capability, never by asking which client it holds.

/// Conexteo answers 409 to an `external_id` it has processed: a resend is safe.
extension ConexteoClient: DeduplicatingProvider {}

extension ConexteoClient: ReplyPollingProvider {
    /// `GET /messages/replies`, newest first.
    public func recentReplies(pageSize: Int) -> any AsyncSequence<PolledReply, ProviderError> {
        replies(pageSize: pageSize).map { reply in
            PolledReply(id: reply.id, from: reply.from, to: reply.to, body: reply.content, receivedAt: reply.receivedAt)
        }
    }
}

extension ConexteoClient: CreditReportingProvider {
    /// `GET /users/credits`.
    public func creditBalance() async throws(ProviderError) -> [CreditBucket] {
        try await credits().map { CreditBucket(credits: $0.credits, label: $0.label, messageType: $0.messageType, price: $0.price) }
    }
}

/// Conexteo's own stop list: Conexteo skips those numbers on its side too, and its UI shows them.
extension ConexteoClient: RemoteStopListProvider {
    public func addRemoteStop(_ phone: String) async throws(ProviderError) {
        _ = try await addStop(phone)
    }

    /// Conexteo deletes by id only, so its list is read to find the entries.
    @discardableResult
    public func removeRemoteStops(_ phone: String, region: String) async throws(ProviderError) -> Int {
        var ids: [Int] = []
        var pages = stops().makeAsyncIterator()
        while let stop = try await pages.next() {
            let number = (try? PhoneNumber.parse(stop.recipient, region: region).e164) ?? stop.recipient
            if number == phone { ids.append(stop.id) }
        }
        for id in ids { _ = try await deleteStop(id: id) }
        return ids.count
    }

    public func remoteStops(region: String) async throws(ProviderError) -> [String] {
        var numbers: [String] = []
        var pages = stops().makeAsyncIterator()
        while let stop = try await pages.next() {
            if let number = try? PhoneNumber.parse(stop.recipient, region: region).e164 { numbers.append(number) }
        }
        return numbers
    }
}

extension ConexteoClient: RemoteDirectoryProvider {
    public func remoteDirectory(region: String) -> any RemoteDirectory {
        ConexteoDirectory(client: self, region: region)
    }
}
