/// A provider that sends a message at most once per `externalID` on its side (Conexteo answers
/// 409 to a key it has processed; the sandbox keeps the first message). A send whose outcome is
/// unknown may therefore be sent again under the same key. A provider without this capability
/// (Conerix) gets at most once instead: such a send is never retried (DESIGN.md §2.4).
public protocol DeduplicatingProvider: MessagingProvider {}
