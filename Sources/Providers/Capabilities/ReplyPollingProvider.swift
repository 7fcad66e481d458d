/// A provider whose replies Moonwire must fetch: it lists them, newest first (Conexteo's
/// `GET /messages/replies`). Providers that push replies by webhook, or the sandbox whose replies
/// are injected in process, do not conform.
public protocol ReplyPollingProvider: MessagingProvider {
    /// The replies received so far, newest first, read a page of `pageSize` at a time.
    func recentReplies(pageSize: Int) -> any AsyncSequence<PolledReply, ProviderError>
}
