import Foundation

/// A Conexteo template ("modèle") kept by the sandbox: an SMS template (`name`, `content`,
/// `sender`) or an RCS one (`rcs_type` and its text, card or carousel, plus an SMS fallback).
/// The RCS parts are stored as the JSON the API carries, since only the server reads them.
public struct SandboxConexteoTemplate: Sendable, Hashable {
    /// Which of Conexteo's two template lists the template belongs to.
    public enum Kind: String, Sendable, Hashable {
        case sms, rcs
    }

    /// Assigned when stored.
    public var id: Int64?
    /// SMS or RCS template.
    public var kind: Kind
    /// The name it is listed under.
    public var name: String
    /// An SMS template's text.
    public var content: String?
    /// An SMS template's sender.
    public var sender: String?
    /// An RCS template's type: `text`, `card` or `carousel`.
    public var rcsType: String?
    /// An RCS text template's text.
    public var rcsText: String?
    /// An RCS card template's card, as JSON.
    public var rcsCard: String?
    /// An RCS carousel template's carousel (`{cards: [...]}`), as JSON.
    public var rcsCarousel: String?
    /// The short-URL settings, as JSON.
    public var shortURL: String?
    /// The SMS sent to handsets without RCS.
    public var fallbackContent: String?
    /// The sender of the SMS fallback.
    public var fallbackSender: String?
    /// When it was created.
    public var createdAt: Date
    /// When it was last changed.
    public var updatedAt: Date

    /// A template not yet stored (`id` is assigned on insert).
    public init(
        id: Int64? = nil, kind: Kind, name: String, content: String? = nil, sender: String? = nil,
        rcsType: String? = nil, rcsText: String? = nil, rcsCard: String? = nil, rcsCarousel: String? = nil,
        shortURL: String? = nil, fallbackContent: String? = nil, fallbackSender: String? = nil, createdAt: Date,
        updatedAt: Date? = nil
    ) {
        self.id = id
        self.kind = kind
        self.name = name
        self.content = content
        self.sender = sender
        self.rcsType = rcsType
        self.rcsText = rcsText
        self.rcsCard = rcsCard
        self.rcsCarousel = rcsCarousel
        self.shortURL = shortURL
        self.fallbackContent = fallbackContent
        self.fallbackSender = fallbackSender
        self.createdAt = createdAt
        self.updatedAt = updatedAt ?? createdAt
    }
}
