/// Reading the batch from stdin or writing its results to stdout failed; the output is incomplete.
struct BatchIOError: Error, Sendable, Hashable {
    /// What failed and with which system error, e.g. "cannot read stdin: Input/output error".
    var message: String
}
