import Hummingbird

extension ConexteoAPI {
    /// Adds the directory routes (stops, contact lists, contacts) below `/conexteo`.
    func addDirectoryRoutes(to group: RouterGroup<SandboxRequestContext>) {
    }
}
