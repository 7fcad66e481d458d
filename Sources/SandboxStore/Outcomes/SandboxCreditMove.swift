/// The outcome of moving credits between the parent account and a sandbox Conexteo sub-account.
public enum SandboxCreditMove: Sendable, Hashable {
    /// Done: the sub-account after the move, and the history line recorded.
    case moved(SandboxConexteoSubAccount, SandboxConexteoSubAccountCreditMove)
    /// No sub-account has this id.
    case notFound
    /// The parent account's balance does not cover an `add`; nothing moved.
    case parentLacksCredits(available: Int)
    /// The sub-account holds fewer credits than a `remove` asks; nothing moved.
    case subAccountLacksCredits(available: Int)
}
