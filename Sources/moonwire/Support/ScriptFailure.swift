import LuaKit

/// How a script's uncaught error is shown: `file:line: message`, then the traceback.
enum ScriptFailure {
    static func describe(_ error: LuaError) -> String {
        var message = error.message
        // LuaKit locates errors raised without a position (assert(sms.send{...})); show it.
        if let location = error.location, !message.hasPrefix(location) { message = "\(location): \(message)" }
        return error.traceback.isEmpty ? message : message + "\n" + error.traceback
    }
}
