/// What a send is for, which decides how policy treats it (DESIGN.md §2.7): whether the send
/// window applies, and whether the stop list lets it through. Stored as its raw text.
public enum SendClass: String, Sendable, Hashable, CaseIterable {
    /// Expected by the recipient (a code, an answer, a confirmation): sent at any hour.
    case transactional
    /// Promotion: held to the send window in the recipient's zone.
    case marketing
    /// The one confirmation of an opt-out, queued by the engine itself: sent at any hour, and
    /// the only class the stop list lets through. No caller may choose it.
    case policy

    /// The classes a script or the CLI may ask for.
    public static let callerClasses: [SendClass] = [.transactional, .marketing]

    /// The class a caller named (`transactional` or `marketing`, any case); nil for any other
    /// text, `policy` included, so no caller can slip a send past the stop list.
    public init?(callerText text: String) {
        guard let sendClass = SendClass(rawValue: text.lowercased()), SendClass.callerClasses.contains(sendClass) else {
            return nil
        }
        self = sendClass
    }
}
