import Foundation
import LuaKit
import Storage
import Synchronization

extension Bindings {
    /// Statuses `moonwire.outbox{status=}` accepts.
    static let outboxStatuses = OutboxRow.Status.allCases.map(\.rawValue)

    /// `moonwire.plugins()`, `moonwire.outbox{status=, limit=}`, `moonwire.inbox([n])`: read-only
    /// views of the engine for operators (the REPL's `plugins()`, `pending()` and `inbox()`).
    func moonwireFunctions() -> [String: LuaFunction] {
        let services = self.services
        let store = services.store
        return [
            // moonwire.plugins() -> { {name=, path=, loaded=, handlers=, error=}, ... } (the last load, in name order)
            "plugins": LuaFunction { call in
                let statuses = services.pluginStatuses.withLock { $0 }
                call.push(.table(LuaTable(array: statuses.map(Bindings.pluginValue))))
                return 1
            },
            // moonwire.outbox{status = "pending" | {"pending", "deferred"}, limit = 50} -> rows, newest first
            "outbox": LuaFunction { call in
                var statuses: Set<OutboxRow.Status>?
                var limit = 50
                if !call.isNil(1) {
                    let options = try call.table(1)
                    try Bindings.checkFields(options, call: call, allowed: ["status", "limit"])
                    statuses = try Bindings.outboxStatuses(options["status"], call: call)
                    limit = try Bindings.limit(options["limit"], call: call, default: 50)
                }
                let wanted = statuses, count = limit
                return try call.suspend {
                    let rows = try await Bindings.storing { () async throws(StorageError) in
                        try await store.outboxRows(statuses: wanted, limit: count)
                    }
                    return [.table(LuaTable(array: rows.map(Bindings.outboxValue)))]
                }
            },
            // moonwire.inbox([n]) -> the last n inbound messages (default 10), newest first
            "inbox": LuaFunction { call in
                var limit = 10
                if !call.isNil(1) {
                    let n = try call.integer(1)
                    guard n >= 1, n <= 1000 else { throw call.argumentError(1, "give between 1 and 1000 messages, got \(n)") }
                    limit = Int(n)
                }
                let count = limit
                return try call.suspend {
                    let rows = try await Bindings.storing { () async throws(StorageError) in try await store.recentInbound(limit: count) }
                    return [.table(LuaTable(array: rows.map(Bindings.inboundValue)))]
                }
            },
        ]
    }

    /// The `status` option: one status or a list; nil when absent. Raises on an unknown status.
    static func outboxStatuses(_ value: LuaValue, call: LuaCall) throws -> Set<OutboxRow.Status>? {
        let names: [LuaValue]
        switch value {
        case .nil: return nil
        case .string: names = [value]
        case .table(let t) where t.fields.isEmpty: names = t.array
        default:
            throw call.argumentError(1, "field 'status' must be a status or a list of them, such as {\"pending\", \"deferred\"}")
        }
        var statuses: Set<OutboxRow.Status> = []
        for name in names {
            guard let text = name.stringValue, let status = OutboxRow.Status(rawValue: text) else {
                let shown = name.stringValue.map { "\"\($0)\"" } ?? name.typeName
                throw call.argumentError(
                    1, "unknown status \(shown); statuses are \(outboxStatuses.joined(separator: ", "))")
            }
            statuses.insert(status)
        }
        return statuses
    }

    /// The `limit` option: 1 to 1000.
    static func limit(_ value: LuaValue, call: LuaCall, default fallback: Int) throws -> Int {
        if case .nil = value { return fallback }
        guard let n = value.integerValue, n >= 1, n <= 1000 else {
            throw call.argumentError(1, "field 'limit' must be an integer from 1 to 1000")
        }
        return Int(n)
    }

    static func pluginValue(_ status: PluginStatus) -> LuaValue {
        var table = LuaTable([
            "name": .text(status.name), "path": .text(status.path), "loaded": .boolean(status.loaded),
            "handlers": .integer(Int64(status.handlers)),
        ])
        if let error = status.error { table["error"] = .text(error) }
        return .table(table)
    }

    static func outboxValue(_ row: OutboxRow) -> LuaValue {
        var table = LuaTable([
            "id": .integer(row.id ?? 0), "to": .text(row.to), "body": .text(row.body), "status": .text(row.status.rawValue),
            "class": .text(row.sendClass.rawValue), "origin": .text(row.origin.rawValue), "external_id": .text(row.dedupKey),
            "not_before": .number(row.notBefore.timeIntervalSince1970), "attempts": .integer(Int64(row.attempts)),
            "segments": .integer(Int64(row.segments)), "encoding": .text(row.encoding.rawValue),
            "created_at": .number(row.createdAt.timeIntervalSince1970),
        ])
        if let from = row.from { table["from"] = .text(from) }
        if let id = row.providerMessageID { table["provider_id"] = .text(id) }
        if let code = row.errorCode { table["error_code"] = .text(code) }
        if let message = row.errorMessage { table["error_message"] = .text(message) }
        if row.alreadyProcessed { table["already_processed"] = .boolean(true) }
        return .table(table)
    }

    static func inboundValue(_ row: InboundRow) -> LuaValue {
        var table = LuaTable([
            "id": .integer(row.id ?? 0), "provider": .text(row.provider), "provider_id": .text(row.providerID),
            "from": .text(row.from), "to": .text(row.to), "body": .text(row.body),
            "at": .number(row.receivedAt.timeIntervalSince1970), "status": .text(row.status.rawValue),
        ])
        if let error = row.error { table["error"] = .text(error) }
        return .table(table)
    }
}
