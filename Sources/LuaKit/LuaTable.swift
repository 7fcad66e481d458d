/// A Swift copy of a Lua table: the sequence part `1...n` in ``array`` and every other key in
/// ``fields``.
public struct LuaTable: Sendable, Hashable {
    /// Values at keys 1...n, with no holes.
    public var array: [LuaValue]
    /// Every other key.
    public var fields: [LuaValue: LuaValue]

    /// A table from its parts.
    public init(array: [LuaValue] = [], fields: [LuaValue: LuaValue] = [:]) {
        self.array = array
        self.fields = fields
    }

    /// A table with string keys.
    public init(_ fields: [String: LuaValue]) {
        self.array = []
        self.fields = Dictionary(uniqueKeysWithValues: fields.map { (LuaValue.text($0.key), $0.value) })
    }

    /// The value at a string key, nil when absent.
    public subscript(key: String) -> LuaValue {
        get { fields[.text(key)] ?? .nil }
        set {
            if case .nil = newValue { fields[.text(key)] = nil } else { fields[.text(key)] = newValue }
        }
    }

    /// The value at an integer key, nil when absent.
    public subscript(index: Int) -> LuaValue {
        if index >= 1, index <= array.count { return array[index - 1] }
        return fields[.integer(Int64(index))] ?? .nil
    }

    /// True if the table has no entries.
    public var isEmpty: Bool { array.isEmpty && fields.isEmpty }
}
