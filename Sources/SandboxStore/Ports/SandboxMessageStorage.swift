import Storage

/// The messages the sandbox network accepted, and the credits the providers' accounts pay with.
public protocol SandboxMessageStorage: Sendable {
    /// Stores `message` unless one with the same external id exists (checked in the same
    /// transaction, so two concurrent sends with one key store one message).
    func insertSandboxMessage(_ message: SandboxMessage) async throws(StorageError) -> SandboxInsert
    /// Stores `messages` as one send: the external-id check, the credit debit and the inserts
    /// happen in one transaction, so a reused key or a short balance stores nothing at all.
    /// `conexteoSend` (the campaign `GET /messages` lists) is stored in the same transaction, and
    /// every message is linked to it and takes its channel.
    func recordSandboxSend(_ messages: [SandboxMessage], debit: SandboxDebit?, conexteoSend: SandboxConexteoSend?)
        async throws(StorageError) -> SandboxSend
    /// Sandbox messages, oldest first; `limit` keeps the newest ones.
    func sandboxMessages(limit: Int?) async throws(StorageError) -> [SandboxMessage]
    /// The sandbox message with `id`, if any.
    func sandboxMessage(id: String) async throws(StorageError) -> SandboxMessage?
    /// The sandbox credit balance of `account`, `startingBalance` until its first debit.
    func sandboxCredits(account: String, startingBalance: Int) async throws(StorageError) -> Int
    /// Sets the sandbox credit balance of `account` (for tests and `/_sandbox` controls).
    func setSandboxCredits(account: String, balance: Int) async throws(StorageError)
}

extension SandboxMessageStorage {
    /// Every sandbox message, oldest first.
    public func sandboxMessages() async throws(StorageError) -> [SandboxMessage] {
        try await sandboxMessages(limit: nil)
    }

    /// Stores `messages` as one send with no debit and no Conexteo send record.
    public func recordSandboxSend(_ messages: [SandboxMessage]) async throws(StorageError) -> SandboxSend {
        try await recordSandboxSend(messages, debit: nil, conexteoSend: nil)
    }

    /// Stores `messages` as one send, debiting `debit`, with no Conexteo send record.
    public func recordSandboxSend(_ messages: [SandboxMessage], debit: SandboxDebit?) async throws(StorageError)
        -> SandboxSend
    {
        try await recordSandboxSend(messages, debit: debit, conexteoSend: nil)
    }

    /// Stores `messages` as one Conexteo send with no debit.
    public func recordSandboxSend(_ messages: [SandboxMessage], conexteoSend: SandboxConexteoSend?)
        async throws(StorageError) -> SandboxSend
    {
        try await recordSandboxSend(messages, debit: nil, conexteoSend: conexteoSend)
    }
}
