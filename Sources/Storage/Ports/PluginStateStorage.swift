import Foundation

/// Each plugin's durable key/value store (Lua's `state`). Values are JSON text; a key whose
/// expiry is at or before `now` (the engine's clock, virtual in the sandbox) reads as absent.
///
/// A write made by a flow step names it (`step`): the first write under that name is applied and
/// its result kept, and a write repeated under the same name (the step re-run after a crash that
/// came before its journal entry was stored) returns the kept result without applying again.
public protocol PluginStateStorage: Sendable {
    /// The value of `key`, nil when absent or expired.
    func stateValue(plugin: String, key: String, now: Date) async throws(StorageError) -> String?
    /// Sets `key` to `json`, expiring at `expiresAt` (never when nil).
    func setStateValue(
        plugin: String, key: String, json: String, expiresAt: Date?, step: PluginStateStep?, now: Date
    ) async throws(StorageError)
    /// Adds `delta` to the integer at `key` and returns the sum; an absent or expired key counts
    /// from 0 and takes `expiresAt`, an existing one keeps its expiry. A value that is not an
    /// integer, or a sum past 64 bits, is refused (`refused`), the value unchanged.
    func incrementStateValue(
        plugin: String, key: String, by delta: Int64, expiresAt: Date?, step: PluginStateStep?, now: Date
    ) async throws(StorageError) -> Int64
    /// Removes `key`; false when it was absent or expired.
    @discardableResult
    func deleteStateValue(plugin: String, key: String, step: PluginStateStep?, now: Date) async throws(StorageError) -> Bool
    /// The live keys starting with `prefix`, in byte order, at most `limit`.
    func stateKeys(plugin: String, prefix: String, limit: Int, now: Date) async throws(StorageError) -> [String]
}
