import Foundation
import SMSCore
import Storage
import SandboxStore

/// The embedded default provider: no account, no network. It accepts what a real provider would
/// accept, stores it, and dedups by external id the way Conexteo does.
public struct SandboxProvider: RCSProvider {
    public let name = "sandbox"
    /// The sender used when a send gives none.
    public static let defaultSender = "MOONWIRE"

    let store: any SandboxStorage
    /// The engine's storage its replies and delivery reports are brought into (nil: a sandbox
    /// that only accepts sends, as the sandbox's HTTP emulation uses it).
    let engine: (any EngineStorage)?
    let clock: any TimeSource

    /// A sandbox keeping its messages in `store`, reporting into `engine`.
    public init(store: any SandboxStorage, engine: (any EngineStorage)? = nil, clock: any TimeSource = SystemTimeSource()) {
        self.store = store
        self.engine = engine
        self.clock = clock
    }

    public func send(_ message: OutboundMessage) async throws(ProviderError) -> SendReceipt {
        let record = SandboxMessage(
            id: SandboxMessage.makeID(), to: message.to.e164, from: message.from?.value ?? SandboxProvider.defaultSender,
            body: message.body, encoding: message.segmentation.encoding.rawValue,
            segments: message.segmentation.segments, status: "accepted", externalID: message.externalID,
            createdAt: clock.now())
        let outcome: SandboxInsert
        do throws(StorageError) {
            outcome = try await store.insertSandboxMessage(record)
        } catch {
            throw ProviderError(code: "store_failed", message: "the sandbox could not store the message: \(error.message)",
                                retryable: true)
        }
        switch outcome {
        case .inserted(let stored): return SandboxProvider.receipt(stored, alreadyProcessed: false)
        case .alreadyProcessed(let stored): return SandboxProvider.receipt(stored, alreadyProcessed: true)
        }
    }

    /// Records an RCS message like an SMS, its text (or cards' titles) as the body and `RCS` as
    /// the encoding: the sandbox network delivers it to every handset.
    public func sendRCS(_ message: RCSMessage) async throws(ProviderError) -> SendReceipt {
        let record = SandboxMessage(
            id: SandboxMessage.makeID(), to: message.to, from: message.fallback?.sender ?? SandboxProvider.defaultSender,
            body: message.summary, encoding: "RCS", segments: 1, status: "accepted", externalID: message.externalID,
            createdAt: clock.now())
        let outcome: SandboxInsert
        do throws(StorageError) {
            outcome = try await store.insertSandboxMessage(record)
        } catch {
            throw ProviderError(code: "store_failed", message: "the sandbox could not store the message: \(error.message)",
                                retryable: true)
        }
        switch outcome {
        case .inserted(let stored): return SandboxProvider.receipt(stored, alreadyProcessed: false)
        case .alreadyProcessed(let stored): return SandboxProvider.receipt(stored, alreadyProcessed: true)
        }
    }

    static func receipt(_ m: SandboxMessage, alreadyProcessed: Bool) -> SendReceipt {
        SendReceipt(
            id: m.id, status: m.status, to: m.to, from: m.from, segments: m.segments, encoding: m.encoding,
            externalID: m.externalID, createdAt: m.createdAt, alreadyProcessed: alreadyProcessed)
    }
}
