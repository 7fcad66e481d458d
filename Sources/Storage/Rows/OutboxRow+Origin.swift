extension OutboxRow {
    /// Who asked for a send, stored as text: `script`, `cli`, `policy`, or a prefix and the id
    /// of what the send answers (`inbound:<id>`, `delivery:<id>`, `flow:<run id>`,
    /// `schedule:<name>`).
    public enum Origin: Sendable, Hashable, RawRepresentable, CustomStringConvertible {
        /// A script outside any handler (a top-level `sms.send`, the REPL).
        case script
        /// `moonwire send`.
        case cli
        /// The engine's own policy (an opt-out's confirmation).
        case policy
        /// A handler of inbound message `id`.
        case inbound(Int64)
        /// A handler of delivery report `id`.
        case delivery(Int64)
        /// Flow run `id`.
        case flow(Int64)
        /// A fire of the schedule with this name.
        case schedule(String)

        /// The stored text.
        public var rawValue: String {
            switch self {
            case .script: "script"
            case .cli: "cli"
            case .policy: "policy"
            case .inbound(let id): "inbound:\(id)"
            case .delivery(let id): "delivery:\(id)"
            case .flow(let id): "flow:\(id)"
            case .schedule(let name): "schedule:\(name)"
            }
        }

        /// The origin stored as `rawValue`; nil for a text this version does not write.
        public init?(rawValue: String) {
            switch rawValue {
            case "script": self = .script
            case "cli": self = .cli
            case "policy": self = .policy
            default:
                guard let colon = rawValue.firstIndex(of: ":") else { return nil }
                let rest = rawValue[rawValue.index(after: colon)...]
                switch rawValue[..<colon] {
                case "schedule": self = .schedule(String(rest))
                case "inbound": guard let id = Int64(rest) else { return nil }; self = .inbound(id)
                case "delivery": guard let id = Int64(rest) else { return nil }; self = .delivery(id)
                case "flow": guard let id = Int64(rest) else { return nil }; self = .flow(id)
                default: return nil
                }
            }
        }

        public var description: String { rawValue }
    }
}
