/// Everything the sandbox provider's emulation stores, one port per concern: what the sandbox
/// provider, the sandbox's HTTP emulation of Conexteo and Conerix, the engine's `sandbox.*`
/// bindings and the CLI hold. A backend (SQLite or PostgreSQL, beside the engine's tables) implements
/// them all over one database; `StorageBackends` opens it.
public protocol SandboxStorage:
    SandboxMessageStorage, SandboxDeliveryReportStorage, SandboxReplyStorage, SandboxConexteoSendStorage,
    SandboxTemplateStorage, SandboxDirectoryStorage, SandboxAccountStorage, SandboxWebhookStorage
{
    /// Where the data lives, as the user named it (a file path, `:memory:`, a PostgreSQL URL with its
    /// password masked), for messages.
    var location: String { get }
}
