extension Duration {
    /// Whole milliseconds, for log lines.
    var milliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000 + attoseconds / 1_000_000_000_000_000
    }

    /// Seconds as a floating-point number, for messages.
    var seconds: Double { Double(milliseconds) / 1_000 }
}
