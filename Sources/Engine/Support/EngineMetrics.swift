import Metrics

/// The engine's metrics (issue 22), named for Prometheus: `_total` counters, `_seconds` timers,
/// labels that are vocabularies or plugin, flow and provider names, never a phone number. They go
/// to whatever backend the process bootstrapped (`serve` exports them on /metrics); without one
/// they cost nothing.
enum EngineMetrics {
    /// One send's fate at the provider.
    static func send(provider: String, outcome: SendMetricOutcome) {
        Counter(label: "moonwire_sends_total", dimensions: [("provider", provider), ("outcome", outcome.rawValue)]).increment()
    }

    /// How long the provider took to answer a send.
    static func providerLatency(provider: String, _ duration: Duration) {
        Timer(label: "moonwire_provider_latency_seconds", dimensions: [("provider", provider)]).recordNanoseconds(nanoseconds(duration))
    }

    /// A retryable failure put back in the outbox for another try.
    static func retry(provider: String) {
        Counter(label: "moonwire_send_retries_total", dimensions: [("provider", provider)]).increment()
    }

    /// An inbound message began routing, by the provider (or emulation) it came from.
    static func inbound(source: String) {
        Counter(label: "moonwire_inbound_total", dimensions: [("source", source)]).increment()
    }

    /// Where an inbound message went.
    static func routed(_ route: RouteMetric) {
        Counter(label: "moonwire_routed_total", dimensions: [("route", route.rawValue)]).increment()
    }

    /// A handler that raised an error (a limit's stop included).
    static func handlerError(plugin: String) {
        Counter(label: "moonwire_handler_errors_total", dimensions: [("plugin", plugin)]).increment()
    }

    /// A handler the watchdog stopped at its time budget.
    static func watchdogKill(plugin: String) {
        Counter(label: "moonwire_watchdog_kills_total", dimensions: [("plugin", plugin)]).increment()
    }

    /// Lua time a handler took.
    static func luaTime(plugin: String, _ duration: Duration) {
        Timer(label: "moonwire_lua_seconds", dimensions: [("plugin", plugin)]).recordNanoseconds(nanoseconds(duration))
    }

    /// A flow run started, completed or failed.
    static func flowRun(flow: String, _ status: FlowRunMetric) {
        Counter(label: "moonwire_flow_runs_total", dimensions: [("flow", flow), ("status", status.rawValue)]).increment()
    }

    /// Timers (sleeps, ask deadlines) that fell due and woke their run.
    static func timersDue(_ count: Int) {
        guard count > 0 else { return }
        Counter(label: "moonwire_timers_due_total").increment(by: count)
    }

    /// A schedule fired.
    static func scheduleFired(_ name: String) {
        Counter(label: "moonwire_schedule_fires_total", dimensions: [("schedule", name)]).increment()
    }

    private static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds &* 1_000_000_000 &+ attoseconds / 1_000_000_000
    }
}

/// `outcome` of `moonwire_sends_total`.
enum SendMetricOutcome: String {
    case sent, failed, unknown, retried, blocked, deferred
}

/// `status` of `moonwire_flow_runs_total`.
enum FlowRunMetric: String {
    case started, completed, failed
}

/// `route` of `moonwire_routed_total`: DESIGN.md §6's order.
enum RouteMetric: String {
    case optOut = "opt_out"
    case wait
    case keyword
    case catchAll = "catch_all"
    case unhandled
}
