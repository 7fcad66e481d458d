import LuaKit

/// What a journaled step returned: values, or an expected failure (`nil, err`). Stored as JSON
/// in the journal and handed back as is when the run replays.
struct FlowStepResult: Sendable, Hashable {
    var values: [LuaValue]
    var failure: LuaFailure?

    /// A step that returned `values`.
    init(values: [LuaValue] = []) {
        self.values = values
        self.failure = nil
    }

    /// A step that failed the expected way.
    init(failure: LuaFailure) {
        self.values = []
        self.failure = failure
    }

    /// `{"values": [...]}` or `{"failure": {"code": ..., "message": ..., ...}}`.
    var json: String {
        if let failure {
            var fields = LuaTable(failure.extra)
            fields["code"] = .text(failure.code)
            fields["message"] = .text(failure.message)
            return LuaValue.table(LuaTable(["failure": .table(fields)])).json
        }
        return "{\"values\":" + (values.isEmpty ? "[]" : LuaValue.table(LuaTable(array: values)).json) + "}"
    }

    /// The result stored as `json`.
    init(json: String) throws {
        let value = try LuaValue(json: json)
        if case .table(let failure) = value["failure"] {
            var extra: [String: LuaValue] = [:]
            for (key, element) in failure.fields {
                if let name = key.stringValue, name != "code", name != "message" { extra[name] = element }
            }
            self.init(
                failure: LuaFailure(
                    code: failure["code"].stringValue ?? "failed", message: failure["message"].stringValue ?? "", extra: extra))
        } else {
            self.init(values: value["values"].tableValue?.array ?? [])
        }
    }

    /// Throws the failure, or returns the values: the shape a suspended binding's work returns.
    func unwrap() throws(LuaFailure) -> [LuaValue] {
        if let failure { throw failure }
        return values
    }
}
