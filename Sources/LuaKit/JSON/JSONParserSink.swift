/// What ``JSONParser`` gives the values it reads to, in document order: scalars as they come,
/// containers as begin / (value, ``setField()`` or ``append(_:)``)... / end. An object's key
/// comes as a ``string(_:)`` just before its value.
public protocol JSONParserSink {
    /// Room for one more level of nesting; false refuses the document as too deep.
    mutating func reserve() -> Bool
    /// Called every ``LuaJSON/checkInterval`` values: throws to stop (a kill, a memory limit).
    mutating func check() throws(LuaJSONFailure)
    /// A `null`.
    mutating func null()
    /// A `true` or `false`.
    mutating func boolean(_ value: Bool)
    /// A number without a fraction or an exponent that fits in 64 bits.
    mutating func integer(_ value: Int64)
    /// Any other number.
    mutating func number(_ value: Double)
    /// A string's bytes (UTF-8, checked), valid only during the call.
    mutating func string(_ bytes: UnsafeRawBufferPointer)
    /// A `{`: the members follow.
    mutating func beginObject()
    /// Puts the last value under the key given before it, in the innermost object.
    mutating func setField()
    /// The `}` of the innermost object.
    mutating func endObject()
    /// A `[`: the elements follow.
    mutating func beginArray()
    /// Puts the last value at `index` (from 1) of the innermost array.
    mutating func append(_ index: Int)
    /// The `]` of the innermost array.
    mutating func endArray()
}
