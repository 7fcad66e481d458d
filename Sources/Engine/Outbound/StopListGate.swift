/// The stop-list gate (DESIGN.md §2.7), one rule for every path that sends: nothing goes to a
/// number on the stop list but the one confirmation of its opt-out. Storage applies it in the
/// transaction that claims a send (so an opt-out committed first always wins), with the class
/// named here.
enum StopListGate {
    /// The send class of an opt-out's confirmation, the only one the gate lets through.
    static let exemptClass = "policy"
}
