import LuaKit
import SMSCore
import Storage

extension Bindings {
    /// `on.reply(fn)`, `on.keyword(words, fn)`, `on.delivery(fn)`: register handlers that
    /// `moonwire serve` runs for inbound messages (DESIGN.md §3, §6).
    func onFunctions() -> [String: LuaFunction] {
        let registry = services.registry
        let plugin = self.plugin ?? "script"
        let owner = self.owner
        return [
            "reply": LuaFunction { call in
                let function = try call.function(1)
                registry.add(plugin: plugin, kind: .reply, location: call.callerLocation, function: function, owner: owner)
                return 0
            },
            "keyword": LuaFunction { call in
                var words: [String] = []
                switch try call.value(1) {
                case .string(let s): words = [s.text]
                case .table(let t) where t.fields.isEmpty && !t.array.isEmpty:
                    for (i, value) in t.array.enumerated() {
                        guard let word = value.stringValue else {
                            throw call.argumentError(1, "keyword #\(i + 1) must be a string, got \(value.typeName)")
                        }
                        words.append(word)
                    }
                default:
                    throw call.argumentError(1, "give a keyword or a list of keywords: on.keyword({\"INFO\", \"HORAIRES\"}, fn)")
                }
                let folded = words.map(KeywordText.fold)
                if let bad = zip(words, folded).first(where: { $0.1.isEmpty || $0.1.contains(" ") }) {
                    throw call.argumentError(1, "keyword \"\(bad.0)\" must be one word (it is matched against the reply's first word)")
                }
                let function = try call.function(2)
                registry.add(plugin: plugin, kind: .keyword(Set(folded)), location: call.callerLocation, function: function, owner: owner)
                return 0
            },
            "delivery": LuaFunction { call in
                let function = try call.function(1)
                registry.add(plugin: plugin, kind: .delivery, location: call.callerLocation, function: function, owner: owner)
                return 0
            },
        ]
    }

    /// The function behind `r:reply(text [, {from=, class=}])`: answers the sender of the reply
    /// `r`, with a dedup key derived from the handler run.
    static func makeReplyFunction(services: EngineServices) -> LuaFunction {
        LuaFunction { call in
            let r = try call.table(1)
            guard let to = r["from"].stringValue else {
                throw call.argumentError(1, "call it as r:reply(text) on the reply a handler received")
            }
            let body = try utf8(call, 2)
            var from: String?
            var sendClass = SendClass.transactional
            if !call.isNil(3) {
                let options = try call.table(3)
                try checkFields(options, call: call, allowed: ["from", "class"])
                from = try text(options, "from", call: call, example: "\"ACME\"")
                sendClass = try Bindings.sendClass(options, call: call, default: .transactional)
            }
            let (key, origin) = dedupKey(explicit: nil)
            let chosenClass = sendClass
            let message: OutboundMessage
            do throws(SMSCoreError) {
                message = try OutboundMessage.validate(to: to, body: body, from: from, externalID: key, region: services.region)
            } catch {
                return call.fail(code: error.code.rawValue, message: error.message, extra: ["retryable": false])
            }
            return try call.suspend {
                [try await submit(message, sendClass: chosenClass, key: key, origin: origin, services: services)]
            }
        }
    }
}
