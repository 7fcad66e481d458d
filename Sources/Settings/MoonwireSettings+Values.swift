extension MoonwireSettings {
    /// `serve.concurrency`.
    public var concurrency: Int { integer(.serveConcurrency) ?? 256 }
    /// `serve.budget`, seconds.
    public var budget: Double { self[.serveBudget].flatMap(Double.init) ?? 5 }
    /// `serve.memory`, MiB.
    public var memory: Int { integer(.serveMemory) ?? 256 }
    /// `serve.http`: the webhook port, nil when webhooks are off.
    public var httpPort: Int? { integer(.serveHTTP) }
    /// `serve.metrics`: the port of a metrics-only listener, nil when off.
    public var metricsPort: Int? { integer(.serveMetrics) }
    /// `serve.log_format`.
    public var logFormat: LogFormat { self[.serveLogFormat].flatMap(LogFormat.init(rawValue:)) ?? .text }
    /// Every secret's value, to make sure none is ever printed.
    public var secrets: [String] {
        let keys = SettingKey.allCases.filter(\.isSecret).compactMap { self[$0] }
        let password = self[.database].flatMap(DatabaseLocation.password)
        return (keys + [password].compactMap { $0 }).filter { !$0.isEmpty }
    }

    private func integer(_ key: SettingKey) -> Int? { self[key].flatMap { Int($0) } }
}
