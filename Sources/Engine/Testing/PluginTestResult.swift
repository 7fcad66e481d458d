/// How one test of a `*_test.lua` file went (`moonwire test`).
public struct PluginTestResult: Sendable, Hashable {
    /// The test file, as the runner names it in messages (`plugins/welcome_drip_test.lua`).
    public var file: String
    /// The name given to `test(name, fn)`; `(file)` for a file that failed before its tests ran.
    public var name: String
    /// True when the test returned without error.
    public var passed: Bool
    /// How long it took, its fresh runtime included.
    public var duration: Duration
    /// Why it failed, starting with `file:line:` when known.
    public var message: String?
    /// Lua's traceback of the failure (`stack traceback:` lines), empty when none.
    public var traceback: String
    /// What the test and the plugins printed.
    public var output: String

    /// A result.
    public init(
        file: String, name: String, passed: Bool, duration: Duration, message: String? = nil, traceback: String = "",
        output: String = ""
    ) {
        self.file = file
        self.name = name
        self.passed = passed
        self.duration = duration
        self.message = message
        self.traceback = traceback
        self.output = output
    }
}
