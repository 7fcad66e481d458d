import Foundation
import LuaKit
import Providers
import SMSCore
import Storage
import SandboxStore

extension Bindings {
    /// `sandbox.reply{from=, body=[, to=]}`: a handset answers, as `moonwire sandbox reply` does.
    /// `moonwire serve` picks it up and routes it. Returns `{id=, seq=}`.
    func sandboxFunctions() -> [String: LuaFunction] {
        let sandbox = services.sandbox
        let clock = services.clock
        let region = services.region
        return [
            "reply": LuaFunction { call in
                let spec = try call.table(1)
                try Bindings.checkFields(spec, call: call, allowed: ["from", "body", "to"])
                guard let fromText = try Bindings.text(spec, "from", call: call, example: "\"+33612345678\"") else {
                    throw call.argumentError(1, "field 'from' is missing: sandbox.reply{from = \"+33612345678\", body = \"STOP\"}")
                }
                let body = try Bindings.text(spec, "body", call: call, example: "\"OUI\"") ?? ""
                if let position = body.nulPosition {
                    // SQLite text ends at a NUL: refused, never stored cut.
                    throw call.argumentError(
                        1, "field 'body' holds a NUL character (\\0) at character \(position): Moonwire stores a reply whole or not at all")
                }
                let to = try Bindings.text(spec, "to", call: call, example: "\"MOONWIRE\"")
                let from = try Bindings.e164(fromText, region: region)
                let now = clock.now()
                return try call.suspend {
                    // Linked to the last message sent to that number, like POST /_sandbox/replies.
                    let stored = try await Bindings.storing { () async throws(StorageError) in
                        try await sandbox().injectSandboxReply(
                            from: from, body: body, to: to, receivedAt: now, defaultSender: SandboxProvider.defaultSender)
                    }
                    return [.table(LuaTable(["id": .text(stored.id), "seq": .integer(stored.seq ?? 0)]))]
                }
            }
        ]
    }
}
