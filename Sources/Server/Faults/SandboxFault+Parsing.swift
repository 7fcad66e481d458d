extension SandboxFault {
    /// Reads a fault from the JSON of `POST /_sandbox/faults`; every field is optional.
    static func parse(_ json: JSONValue?) throws(SandboxServerError) -> SandboxFault {
        guard let json else { return try parse(.object([])) }
        guard case .object(let members) = json else {
            throw .badFault("the body must be a JSON object such as {\"count\": 2, \"status\": 503}")
        }
        let known: Set = ["count", "status", "delay_ms", "drop", "body", "content_type", "path_prefix", "pass"]
        if let unknown = members.first(where: { !known.contains($0.key) }) {
            throw .badFault("unknown field \"\(unknown.key)\"; the fields are \(known.sorted().joined(separator: ", "))")
        }
        func int(_ key: String, default value: Int, in range: ClosedRange<Int>) throws(SandboxServerError) -> Int {
            guard let field = json[key] else { return value }
            guard let number = field.int, range.contains(number) else {
                throw .badFault("\"\(key)\" must be a whole number from \(range.lowerBound) to \(range.upperBound)")
            }
            return number
        }
        func bool(_ key: String) throws(SandboxServerError) -> Bool {
            guard let field = json[key] else { return false }
            guard let flag = field.bool else { throw .badFault("\"\(key)\" must be true or false") }
            return flag
        }
        func string(_ key: String, default value: String) throws(SandboxServerError) -> String {
            guard let field = json[key] else { return value }
            guard let text = field.string else { throw .badFault("\"\(key)\" must be a string") }
            return text
        }
        let fault = SandboxFault(
            count: try int("count", default: 1, in: 1...1_000_000),
            status: try int("status", default: 503, in: 100...599),
            delayMilliseconds: try int("delay_ms", default: 0, in: 0...600_000),
            drop: try bool("drop"),
            body: Array(try string("body", default: "").utf8),
            contentType: try string("content_type", default: "application/json"),
            pathPrefix: try string("path_prefix", default: "/"),
            pass: try bool("pass"))
        guard fault.pathPrefix.hasPrefix("/") else { throw .badFault("\"path_prefix\" must start with /, e.g. /conerix") }
        guard !(fault.drop && fault.pass) else { throw .badFault("\"drop\" and \"pass\" cannot both be true") }
        return fault
    }
}
