import LuaKit

/// How a script's uncaught error is shown: `file:line: message`, then the traceback.
enum ScriptFailure {
    static func describe(_ error: LuaError) -> String {
        var message = error.message
        // An error value raised as a table (assert(sms.send{...})) carries no position: take the
        // innermost Lua frame from the traceback.
        if error.location == nil, let location = firstLuaLocation(error.traceback) {
            message = "\(location): \(message)"
        }
        return error.traceback.isEmpty ? message : message + "\n" + error.traceback
    }

    static func firstLuaLocation(_ traceback: String) -> String? {
        for line in traceback.split(separator: "\n").dropFirst() {
            let trimmed = line.drop(while: { $0 == "\t" || $0 == " " })
            if trimmed.hasPrefix("[C]") || trimmed.hasPrefix("moonwire:") || trimmed.hasPrefix("(") { continue }
            let parts = trimmed.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
            if parts.count == 3, !parts[1].isEmpty, parts[1].allSatisfy(\.isNumber) { return "\(parts[0]):\(parts[1])" }
        }
        return nil
    }
}
