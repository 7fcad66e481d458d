import Foundation
import Synchronization

/// A message the sandbox provider accepted.
public struct SandboxMessage: Sendable, Hashable {
    /// The sandbox's message id, `sbx_` then 20 hex digits (see `makeID`).
    public var id: String
    /// The recipient, E.164.
    public var to: String
    /// The sender id shown to the recipient.
    public var from: String
    /// The text sent.
    public var body: String
    /// "GSM-7" or "UCS-2".
    public var encoding: String
    /// How many SMS segments the text takes.
    public var segments: Int
    /// "accepted" until a delivery report changes it.
    public var status: String
    /// The caller's dedup key, if any.
    public var externalID: String?
    /// When the sandbox accepted it.
    public var createdAt: Date

    /// Creates a message record.
    public init(
        id: String, to: String, from: String, body: String, encoding: String, segments: Int,
        status: String, externalID: String?, createdAt: Date
    ) {
        self.id = id
        self.to = to
        self.from = from
        self.body = body
        self.encoding = encoding
        self.segments = segments
        self.status = status
        self.externalID = externalID
        self.createdAt = createdAt
    }

    /// A fresh message id: `sbx_`, 11 hex digits of the real time in milliseconds, then 9 from a
    /// counter that starts at a random value in each process. Ids made in a later millisecond
    /// sort later, so storing one appends to the table's index rather than rewriting a random
    /// page of it; two processes collide only if they make ids in the same millisecond with
    /// counters that happen to meet (they start at random among 2^36 values).
    public static func makeID(now: Date = Date()) -> String {
        let millis = UInt64(max(0, now.timeIntervalSince1970 * 1000)) & 0xFFF_FFFF_FFFF
        let sequence = idCounter.add(1, ordering: .relaxed).newValue & 0xF_FFFF_FFFF
        let time = String(millis, radix: 16)
        let tail = String(sequence, radix: 16)
        return "sbx_" + String(repeating: "0", count: 11 - time.count) + time + String(repeating: "0", count: 9 - tail.count) + tail
    }

    private static let idCounter = Atomic<UInt64>(UInt64.random(in: 0...0xF_FFFF_FFFF))
}
