import LuaKit
import Providers

extension Bindings {
    /// `credits()`: the account's balance, from a provider that reports one. Conexteo answers its
    /// buckets (`{{credits=, label=, type=, price=}, ...}`); the sandbox has no balance to run out
    /// of (`{{credits=math.huge, label="sandbox"}}`); Conerix publishes no balance API, so
    /// `nil, err` with code `not_supported`.
    func creditsFunction() -> LuaFunction {
        let provider = self.provider
        return LuaFunction { call in
            try call.suspend {
                guard let reporting = provider as? any CreditReportingProvider else {
                    throw LuaFailure(
                        code: "not_supported",
                        message: "\(provider.name) publishes no balance API: check the balance in its dashboard",
                        extra: ["retryable": .boolean(false)])
                }
                do throws(ProviderError) {
                    let buckets = try await reporting.creditBalance()
                    return [.table(LuaTable(array: buckets.map { bucket in
                        var entry = LuaTable(["credits": .number(bucket.credits)])
                        if let label = bucket.label { entry["label"] = .text(label) }
                        if let type = bucket.messageType { entry["type"] = .text(type) }
                        if let price = bucket.price { entry["price"] = .number(price) }
                        return .table(entry)
                    }))]
                } catch {
                    throw LuaFailure(code: error.code, message: error.message, extra: ["retryable": .boolean(error.retryable)])
                }
            }
        }
    }
}
