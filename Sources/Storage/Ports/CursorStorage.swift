/// Durable positions of pollers (moved with what they stored, by ``InboundStorage`` and
/// ``DeliveryStorage``).
public protocol CursorStorage: Sendable {
    /// The value of cursor `name`, if set.
    func cursor(_ name: String) async throws(StorageError) -> String?
}
