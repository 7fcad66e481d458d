/// The limits a ``LuaRuntime`` enforces on scripts.
public struct LuaLimits: Sendable, Hashable {
    /// Time a run may spend executing Lua (time suspended in a binding does not count).
    public var runBudget: Duration
    /// Bytes the state may hold while Lua code runs; 0 for no limit.
    public var memoryLimit: Int

    /// Limits with the given values (defaults: 5 s per run, 256 MiB per state).
    public init(runBudget: Duration = .seconds(5), memoryLimit: Int = 256 << 20) {
        self.runBudget = runBudget
        self.memoryLimit = memoryLimit
    }
}
