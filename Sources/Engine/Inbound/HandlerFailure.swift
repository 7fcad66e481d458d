/// How one handler (or the opt-out policy) failed on an inbound message.
struct HandlerFailure: Sendable, Hashable {
    /// The plugin whose handler failed (`policy` for the opt-out step).
    var plugin: String
    /// `<plugin> handler registered at <file:line>: <error>`, for logs and `moonwire inbound failed`.
    var message: String
    /// True when a limit (time budget, memory) stopped it: the message is tried again, then set aside.
    var byLimit = false
    /// True when its plugin was reloaded while the message was routed (its state is gone): the
    /// message is routed again to the new handlers, and that is not an attempt.
    var unloaded = false
}
