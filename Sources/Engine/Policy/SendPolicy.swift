import SMSCore
import Storage

/// The compliance rules the engine applies outside scripts (DESIGN.md §2.7).
public struct SendPolicy: Sendable {
    /// The replies that opt out and back in.
    public var keywords: OptOutKeywords
    /// When marketing sends may go out.
    public var window: SendWindow
    /// The one message sent after a STOP (no promotion in it).
    public var stopConfirmation: String
    /// The message sent after a START.
    public var startConfirmation: String
    /// Decides, as each send is claimed, whether it may go: the stop list's rule. Every path
    /// that claims a send (the dispatcher, a flow's send) passes this one to the storage.
    public var gate: any SendGate = StopListGate()

    /// The defaults: French and English keywords, Monday-Saturday 08:00-20:00 Europe/Paris
    /// without public holidays, French confirmations.
    public init(
        keywords: OptOutKeywords = .standard, window: SendWindow = .frenchMarketing,
        stopConfirmation: String = "Vous ne recevrez plus de SMS de notre part. Répondez START pour vous réabonner.",
        startConfirmation: String = "Vous êtes réabonné(e). Répondez STOP pour ne plus recevoir de SMS."
    ) {
        self.keywords = keywords
        self.window = window
        self.stopConfirmation = stopConfirmation
        self.startConfirmation = startConfirmation
    }
}
