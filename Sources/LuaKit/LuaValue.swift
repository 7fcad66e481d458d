/// A Lua value seen from Swift. Integers and floats stay distinct, strings are bytes
/// (``LuaString``), tables are copied in (``LuaTable``), and functions, userdata and threads are
/// held by reference (``LuaReference``).
public enum LuaValue: Sendable, Hashable {
    case `nil`
    case boolean(Bool)
    case integer(Int64)
    case number(Double)
    case string(LuaString)
    case table(LuaTable)
    case function(LuaReference)
    case userdata(LuaReference)
    case thread(LuaReference)
    /// A light userdata's address (opaque to scripts).
    case lightUserdata(UInt)

    /// Lua's name for the value's type, as `type()` returns it.
    public var typeName: String {
        switch self {
        case .nil: "nil"
        case .boolean: "boolean"
        case .integer, .number: "number"
        case .string: "string"
        case .table: "table"
        case .function: "function"
        case .userdata(let r): r.typeName == "table" ? "table" : "userdata"
        case .lightUserdata: "userdata"
        case .thread: "thread"
        }
    }

    /// Lua truthiness: everything but nil and false.
    public var isTruthy: Bool {
        switch self {
        case .nil, .boolean(false): false
        default: true
        }
    }

    /// The string's text when this is a string holding valid UTF-8 (invalid bytes are repaired).
    public var stringValue: String? {
        if case .string(let s) = self { return s.text }
        return nil
    }

    /// The integer value, also for floats with an exact integer value (as `math.tointeger`).
    public var integerValue: Int64? {
        switch self {
        case .integer(let i): i
        case .number(let d): Int64(exactly: d)
        default: nil
        }
    }

    /// The numeric value as a Double.
    public var numberValue: Double? {
        switch self {
        case .integer(let i): Double(i)
        case .number(let d): d
        default: nil
        }
    }

    /// The table, if this is one.
    public var tableValue: LuaTable? {
        if case .table(let t) = self { return t }
        return nil
    }

    /// Reads `self[key]` when this is a table.
    public subscript(key: String) -> LuaValue {
        tableValue?[key] ?? .nil
    }
}

extension LuaValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByNilLiteral
{
    public init(stringLiteral value: String) { self = .string(LuaString(value)) }
    public init(integerLiteral value: Int64) { self = .integer(value) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(booleanLiteral value: Bool) { self = .boolean(value) }
    public init(nilLiteral: ()) { self = .nil }
}

extension LuaValue {
    /// A string value from Swift text.
    public static func text(_ s: String) -> LuaValue { .string(LuaString(s)) }
}
