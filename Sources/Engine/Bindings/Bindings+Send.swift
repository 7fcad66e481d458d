import Foundation
import LuaKit
import Providers
import SMSCore
import Storage

extension Bindings {
    /// The dedup key of the next send: the caller's `external_id`, else one derived from the
    /// handler run (stable across re-runs), else a fresh one.
    static func dedupKey(explicit: String?) -> (key: String, origin: OutboxRow.Origin) {
        let context = SendContext.current
        let derived = context?.nextKey()  // counted even when unused, so positions stay stable
        let origin = context?.origin ?? .script
        if let explicit { return (explicit, origin) }
        return (derived ?? "mw-" + UUID().uuidString.lowercased(), origin)
    }

    /// Submits `message` and turns the outcome into what Lua gets: a message table, or a
    /// failure (`nil, err`) for an opted-out recipient or a refused send.
    static func submit(
        _ message: OutboundMessage, sendClass: SendClass, key: String, origin: OutboxRow.Origin, services: EngineServices
    ) async throws -> LuaValue {
        let outcome: SendOutcome
        do throws(EngineError) {
            outcome = try await services.dispatcher.submit(message, sendClass: sendClass, dedupKey: key, origin: origin)
        } catch {
            throw LuaFailure(code: error.code, message: error.message, extra: ["retryable": .boolean(false)])
        }
        return try messageValue(outcome)
    }

    /// A message table for a sent, deferred or in-flight send; throws the failure otherwise.
    static func messageValue(_ outcome: SendOutcome) throws -> LuaValue {
        switch outcome {
        case .blocked(let row):
            throw LuaFailure(
                code: "opted_out", message: row.errorMessage ?? "\(row.to) opted out",
                extra: ["retryable": .boolean(false), "to": .text(row.to)])
        case .failed(let row, let code, let message, let retryable, let queued):
            throw LuaFailure(
                code: code, message: message + (queued ? " (queued: Moonwire will try again by itself)" : ""),
                extra: ["retryable": .boolean(retryable), "queued": .boolean(queued), "to": .text(row.to)])
        case .sent(let row, let duplicate):
            var table = rowTable(row, status: "accepted")
            if duplicate { table["already_processed"] = .boolean(true) }
            return .table(table)
        case .deferred(let row):
            var table = rowTable(row, status: "deferred")
            table["send_at"] = .text(row.notBefore.formatted(.iso8601))
            return .table(table)
        case .inFlight(let row):
            return .table(rowTable(row, status: "sending"))
        }
    }

    static func rowTable(_ row: OutboxRow, status: String) -> LuaTable {
        var table = LuaTable([
            "status": .text(status), "to": .text(row.to),
            "segments": .integer(Int64(row.segments)), "encoding": .text(row.encoding.rawValue),
            "external_id": .text(row.dedupKey), "class": .text(row.sendClass.rawValue),
            "created_at": .text(row.createdAt.formatted(.iso8601)),
        ])
        if let from = row.from { table["from"] = .text(from) }
        if let id = row.providerMessageID { table["id"] = .text(id) }
        if let id = row.id { table["outbox_id"] = .integer(id) }
        return table
    }
}
