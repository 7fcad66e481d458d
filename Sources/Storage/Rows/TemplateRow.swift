import Foundation

/// A named message template in the local store.
public struct TemplateRow: Sendable, Hashable {
    public var name: String
    /// The text, with `{{field}}` placeholders.
    public var body: String
    /// The sender id to use, if the template names one.
    public var sender: String?
    public var createdAt: Date
    public var updatedAt: Date

    /// A template.
    public init(name: String, body: String, sender: String?, createdAt: Date, updatedAt: Date? = nil) {
        self.name = name
        self.body = body
        self.sender = sender
        self.createdAt = createdAt
        self.updatedAt = updatedAt ?? createdAt
    }
}
