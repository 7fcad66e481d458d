import Hummingbird

extension ConexteoAPI {
    /// Adds the account routes (JWT login, sub-accounts) below `/conexteo`.
    func addAccountRoutes(to group: RouterGroup<SandboxRequestContext>) {
    }
}
