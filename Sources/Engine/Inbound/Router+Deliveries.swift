import Foundation
import Logging
import LuaKit
import SMSCore
import Storage

extension Router {
    /// Runs the `on.delivery` handlers on each report, then marks them handled; returns how many
    /// had a failing handler. Reports of one batch run in order.
    @discardableResult
    public func routeDeliveries(_ rows: [DeliveryRow]) async -> Int {
        let handlers = registry.deliveryHandlers
        var results: [(id: Int64, error: String?)] = []
        var failed = 0
        for row in rows {
            guard let id = row.id else { continue }
            var failures: [String] = []
            if !handlers.isEmpty {
                let send = try? await store.outboxRow(provider: row.provider, messageID: row.messageID)
                let report = Router.deliveryValue(row, id: id, send: send)
                for handler in handlers {
                    guard let runtime = handler.owner.value else { continue }  // its plugin was reloaded
                    let context = SendContext(prefix: "dl:\(id):\(handler.key)", origin: .delivery(id))
                    do {
                        _ = try await SendContext.$current.withValue(context) {
                            try await runtime.run(handler.function, arguments: [report], budget: budget)
                        }
                    } catch let error as LuaError {
                        failures.append("\(handler.plugin) handler registered at \(handler.location): \(error.message)")
                    } catch {
                        failures.append("\(handler.plugin) handler registered at \(handler.location): \(error)")
                    }
                }
            }
            for failure in failures { logger.error("delivery report \(id) for \(row.to): \(failure)") }
            if !failures.isEmpty { failed += 1 }
            results.append((id, failures.isEmpty ? nil : failures.joined(separator: "\n")))
        }
        do throws(StorageError) {
            try await store.finishDeliveries(results, now: clock.now())
        } catch {
            logger.error("cannot mark delivery reports handled: \(error.message)")
        }
        return failed
    }

    /// The `d` an `on.delivery` handler receives: `d.id` (the message's provider id), `d.to`,
    /// `d.status` (`sent`, `delivered`, `failed`), `d.error`, `d.at` (Unix seconds), and, when the
    /// send was made here, `d.external_id` (its dedup key), `d.class` and `d.body`.
    static func deliveryValue(_ row: DeliveryRow, id: Int64, send: OutboxRow?) -> LuaValue {
        var fields: [String: LuaValue] = [
            "id": .text(row.messageID), "report_id": .integer(id), "event_id": .text(row.eventID),
            "provider": .text(row.provider), "to": .text(row.to), "status": .text(row.status.rawValue),
            "at": .number(row.occurredAt.timeIntervalSince1970),
        ]
        if let error = row.error { fields["error"] = .text(error) }
        if let send {
            fields["external_id"] = .text(send.dedupKey)
            fields["class"] = .text(send.sendClass.rawValue)
            fields["body"] = .text(send.body)
        }
        return .table(LuaTable(fields))
    }
}
