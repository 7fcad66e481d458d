/// The arithmetic of `state.incr`, the same on every backend.
public enum PluginStateValues {
    /// `stored` (JSON text, nil when absent) plus `delta`; refused when `stored` is not an
    /// integer or the sum does not fit in 64 bits.
    public static func increment(_ stored: String?, by delta: Int64, key: String) throws(StorageError) -> Int64 {
        let current = try stored.map { text throws(StorageError) in try integer(text, key: key) } ?? 0
        let (sum, overflow) = current.addingReportingOverflow(delta)
        guard !overflow else {
            throw StorageError(.refused, "state key \(key): \(current) + \(delta) does not fit in a 64-bit integer; the value is unchanged")
        }
        return sum
    }

    /// The integer `text` holds (JSON text of an integer); refused otherwise.
    public static func integer(_ text: String, key: String) throws(StorageError) -> Int64 {
        guard let value = Int64(text) else {
            let shown = text.count > 40 ? String(text.prefix(40)) + "…" : text
            throw StorageError(
                .refused, "state key \(key) holds \(shown), not an integer: state.incr counts integers only (state.set it to a number first)")
        }
        return value
    }
}
