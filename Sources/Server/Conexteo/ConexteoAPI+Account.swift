import Hummingbird

extension ConexteoAPI {
    /// The account routes (JWT login, sub-accounts) are served by ``ConexteoAccountAPI``, which
    /// `SandboxServer.makeRouter` adds next to this API: they need the login credentials and the
    /// token-signing key, which the key-authenticated routes do not hold.
    func addAccountRoutes(to group: RouterGroup<SandboxRequestContext>) {}
}
