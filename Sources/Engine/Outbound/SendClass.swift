/// What a send is for, which decides whether the send window applies (DESIGN.md §2.7).
public enum SendClass: String, Sendable, Hashable, CaseIterable {
    /// Expected by the recipient (a code, an answer, a confirmation): sent at any hour.
    case transactional
    /// Promotion: held to the send window in the recipient's zone.
    case marketing
}
