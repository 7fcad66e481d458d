import Foundation
import LuaKit
import Providers

extension OutboundRequest {
    /// The methods scripts may use.
    static let methods: Set<String> = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]
    /// The options every form takes (`http.request` also takes method, url, body and json).
    static let commonOptions: Set<String> = ["headers", "timeout", "max_bytes"]
    /// The largest response cap a script may ask for: 16 MiB.
    static let maximumResponseCap = 16 << 20
    /// Headers the client sets itself: a script setting them would corrupt the exchange.
    static let reservedHeaders: Set<String> = ["host", "content-length", "transfer-encoding", "connection", "upgrade"]

    /// `http.request{method=, url=, headers=, body= | json=, timeout=, max_bytes=}` (and
    /// `flow:http{..., retries=}` with `extra`) from the table at argument `i`.
    static func request(_ call: LuaCall, _ i: Int32, function: String, extra: Set<String> = []) throws -> OutboundRequest {
        guard !call.isNil(i) else {
            throw call.argumentError(i, "a table expected, e.g. \(function){url = \"https://crm.example.com/leads\", method = \"POST\", json = {...}}")
        }
        let options = try call.table(i)
        let allowed = commonOptions.union(["method", "url", "body", "json"]).union(extra)
        try checkNames(options, allowed: allowed, call: call, i, function: function)
        guard let url = options["url"].stringValue else {
            throw call.argumentError(i, "option 'url' expected, a string such as \"https://crm.example.com/leads\"")
        }
        var method = "GET"
        if options["method"] != .nil {
            guard let given = options["method"].stringValue?.uppercased(), methods.contains(given) else {
                throw call.argumentError(i, "option 'method' must be one of \(methods.sorted().joined(separator: ", "))")
            }
            method = given
        }
        var request = OutboundRequest(method: method, url: url)
        if options["body"] != .nil && options["json"] != .nil {
            throw call.argumentError(i, "give either 'body' (a string) or 'json' (a value to encode), not both")
        }
        if case .string(let body) = options["body"] {
            request.body = body.bytes
        } else if options["body"] != .nil {
            throw call.argumentError(i, "option 'body' must be a string (use json = {...} to send a table as JSON)")
        }
        if let json = try call.json(i, field: "json") {
            request.body = Array(json.utf8)
            request.headers.append(OutboundHeader("Content-Type", "application/json"))
        }
        try apply(options, to: &request, call: call, i)
        return request
    }

    /// `http.get(url [, {headers=, timeout=, max_bytes=}])`.
    static func get(_ call: LuaCall) throws -> OutboundRequest {
        var request = OutboundRequest(method: "GET", url: try url(call, 1))
        try options(call, 2, function: "http.get", into: &request)
        return request
    }

    /// `http.post(url, body_or_table [, {headers=, timeout=, max_bytes=}])`: a string is sent as
    /// it is, a table as JSON.
    static func post(_ call: LuaCall) throws -> OutboundRequest {
        var request = OutboundRequest(method: "POST", url: try url(call, 1))
        switch call.typeName(2) {
        case "string":
            request.body = try call.bytes(2).bytes
        case "table":
            request.body = Array(try call.json(2).utf8)
            request.headers.append(OutboundHeader("Content-Type", "application/json"))
        default:
            throw call.argumentError(2, "a body expected: a string, or a table to send as JSON, got \(call.typeName(2))")
        }
        try options(call, 3, function: "http.post", into: &request)
        return request
    }

    private static func url(_ call: LuaCall, _ i: Int32) throws -> String {
        guard call.typeName(i) == "string" else {
            throw call.argumentError(i, "a URL string expected, such as \"https://shop.example.com/orders/1234\"")
        }
        return try call.string(i)
    }

    private static func options(_ call: LuaCall, _ i: Int32, function: String, into request: inout OutboundRequest) throws {
        guard !call.isNil(i) else { return }
        let options = try call.table(i)
        try checkNames(options, allowed: commonOptions, call: call, i, function: function)
        try apply(options, to: &request, call: call, i)
    }

    private static func checkNames(_ options: LuaTable, allowed: Set<String>, call: LuaCall, _ i: Int32, function: String) throws {
        for key in options.fields.keys {
            guard let name = key.stringValue, allowed.contains(name) else {
                throw call.argumentError(
                    i, "unknown option '\(key.stringValue ?? key.typeName)'; \(function) takes \(allowed.sorted().joined(separator: ", "))")
            }
        }
    }

    /// headers, timeout and max_bytes.
    private static func apply(_ options: LuaTable, to request: inout OutboundRequest, call: LuaCall, _ i: Int32) throws {
        switch options["headers"] {
        case .nil: break
        case .table(let headers):
            guard headers.array.isEmpty else {
                throw call.argumentError(i, "headers is a list; give it as a table of names: headers = { [\"Authorization\"] = \"Bearer ...\" }")
            }
            for (key, value) in headers.fields.sorted(by: { ($0.key.stringValue ?? "") < ($1.key.stringValue ?? "") }) {
                guard let name = key.stringValue, !name.isEmpty, name.utf8.allSatisfy({ $0 > 32 && $0 < 127 && $0 != UInt8(ascii: ":") }) else {
                    throw call.argumentError(i, "header name \(key.stringValue.map { "\"\($0)\"" } ?? key.typeName) is not a token")
                }
                guard !reservedHeaders.contains(name.lowercased()) else {
                    throw call.argumentError(i, "header \(name) is set by Moonwire itself and cannot be given")
                }
                let text: String
                switch value {
                case .string(let s): text = s.text
                case .integer(let n): text = String(n)
                case .number(let d): text = String(d)
                default: throw call.argumentError(i, "header \(name) must be a string, got \(value.typeName)")
                }
                guard !text.utf8.contains(where: { $0 == 0x0D || $0 == 0x0A || $0 == 0 }) else {
                    throw call.argumentError(i, "header \(name) holds a line break or a NUL, which would forge another header")
                }
                request.headers.removeAll { $0.name.lowercased() == name.lowercased() }
                request.headers.append(OutboundHeader(name, text))
            }
        default:
            throw call.argumentError(i, "option 'headers' must be a table such as {[\"Authorization\"] = \"Bearer ...\"}")
        }
        if options["timeout"] != .nil {
            let timeout = try TimeArguments.duration(options["timeout"], call: call, argument: i, example: "{timeout = 5}")
            guard timeout > .zero, timeout <= OutboundRequest.maximumTimeout else {
                throw call.argumentError(i, "timeout must be more than 0 and at most 60 seconds")
            }
            request.timeout = timeout
        }
        if options["max_bytes"] != .nil {
            guard let cap = options["max_bytes"].integerValue, (1...maximumResponseCap).contains(Int(cap)) else {
                throw call.argumentError(i, "max_bytes must be an integer from 1 to \(maximumResponseCap) (16 MiB)")
            }
            request.maxResponseBytes = Int(cap)
        }
    }
}

extension OutboundResponse {
    /// The table a script gets: `{status=, headers={name=value}, body=, json=, url=}`, `json`
    /// only when the answer says it is JSON and is.
    var luaValue: LuaValue {
        var headers = LuaTable()
        for header in self.headers where headers[header.name] == .nil {
            headers[header.name] = .text(self.header(header.name) ?? header.value)
        }
        var table = LuaTable([
            "status": .integer(Int64(status)), "headers": .table(headers), "body": .string(LuaString(bytes: body)),
            "url": .text(url),
        ])
        if isJSON, let text = String(validating: body, as: UTF8.self), let value = try? LuaValue(json: text) {
            table["json"] = value
        }
        return .table(table)
    }
}

extension OutboundHTTPError {
    /// The `err` a script gets.
    var failure: LuaFailure {
        LuaFailure(code: code.rawValue, message: message, extra: ["retryable": .boolean(retryable)])
    }
}
