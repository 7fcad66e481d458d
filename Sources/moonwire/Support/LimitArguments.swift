import ArgumentParser
import LuaKit

/// `--budget SECONDS` and `--memory MIB`, which `run`, `serve` and `repl` each declare (their help
/// says what the budget covers there), checked and turned into limits in one place.
enum LimitArguments {
    /// The limits the two options give; a `ValidationError` naming the option when one is out of range.
    static func limits(budget: Double, memory: Int) throws -> LuaLimits {
        guard budget > 0, budget.isFinite else {
            throw ValidationError("--budget must be a positive number of seconds, got \(budget)")
        }
        guard memory >= 1, memory <= 64 * 1024 else {
            throw ValidationError("--memory must be between 1 and 65536 MiB, got \(memory)")
        }
        return LuaLimits(runBudget: .milliseconds(Int64(budget * 1000)), memoryLimit: memory << 20)
    }
}
