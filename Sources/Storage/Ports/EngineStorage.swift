/// Everything the engine stores, one port per concern: what Engine, Server, Repl and the CLI
/// hold. A backend (SQLite, PostgreSQL) implements them all over one database.
public protocol EngineStorage:
    OutboxStorage, InboundStorage, DeliveryStorage, CursorStorage, OptOutStorage, FlowRunStorage, FlowTimerStorage,
    ScheduleStorage, ClockStorage, DirectoryStorage, FleetStorage, PluginStateStorage
{
    /// Where the data lives, as the user named it (a file path, `:memory:`), for messages.
    var location: String { get }
    /// Makes what is stored take its final room (SQLite: copies the write-ahead log into the
    /// file), so its size can be measured.
    func compact() async throws(StorageError)
}
