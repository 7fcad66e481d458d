import Foundation

/// A message a handset sent back in the sandbox (injected by `moonwire sandbox reply`, Lua's
/// `sandbox.reply`, or `POST /_sandbox/replies`).
public struct SandboxReply: Sendable, Hashable {
    /// The position in arrival order, assigned when stored; pollers keep it as their cursor.
    public var seq: Int64?
    /// The reply's id, `rpl_` then 20 hex digits.
    public var id: String
    /// Who answered, E.164.
    public var from: String
    /// The number or sender id the reply was sent to.
    public var to: String
    /// The text the handset sent.
    public var body: String
    /// The sandbox message this answers, when known.
    public var inReplyTo: String?
    /// When the network received it.
    public var receivedAt: Date

    /// A reply not yet stored (`seq` is assigned on insert).
    public init(id: String, from: String, to: String, body: String, inReplyTo: String? = nil, receivedAt: Date) {
        self.id = id
        self.from = from
        self.to = to
        self.body = body
        self.inReplyTo = inReplyTo
        self.receivedAt = receivedAt
    }

    /// A fresh reply id, `rpl_` then 20 hex digits.
    public static func makeID() -> String {
        let hex = Array("0123456789abcdef")
        return "rpl_" + String((0..<20).map { _ in hex[Int.random(in: 0..<16)] })
    }
}
