/// A provider that can say what is left to send with: Conexteo's credit buckets, or the
/// sandbox's unlimited balance. Conerix publishes no balance API and does not conform.
public protocol CreditReportingProvider: MessagingProvider {
    /// The account's balance, one entry per bucket.
    func creditBalance() async throws(ProviderError) -> [CreditBucket]
}
