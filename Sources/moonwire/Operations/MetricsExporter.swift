import Metrics
import Prometheus
import Storage

/// `serve`'s metrics in Prometheus' text format: the engine's counters and timers (swift-metrics,
/// bootstrapped here onto a Prometheus registry), and gauges read from the database at each
/// scrape (outbox depth and flow runs by status), which no counter can keep right across processes.
struct MetricsExporter: Sendable {
    let registry: PrometheusCollectorRegistry
    let store: any EngineStorage

    static var outboxDepth: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "moonwire", metricName: "outbox", unitName: "depth", helpText: "Outbox rows by status, read at each scrape.")
    }
    static var flowRuns: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "moonwire", metricName: "flow_runs", unitName: "current", helpText: "Flow runs by status, read at each scrape.")
    }

    /// Bootstraps swift-metrics for the process (once: serve calls it at start).
    static func bootstrap(store: any EngineStorage) -> MetricsExporter {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return MetricsExporter(registry: registry, store: store)
    }

    /// The exposition `GET /metrics` answers.
    func exposition() async -> String {
        if let counts = try? await store.outboxCounts() {
            for status in OutboxRow.Status.allCases {
                registry.makeGauge(descriptor: Self.outboxDepth, labels: [("status", status.rawValue)])
                    .set(Double(counts[status] ?? 0))
            }
        }
        if let counts = try? await store.flowRunCounts() {
            for status in FlowRunRow.Status.allCases {
                registry.makeGauge(descriptor: Self.flowRuns, labels: [("status", status.rawValue)])
                    .set(Double(counts[status] ?? 0))
            }
        }
        return registry.emitToString()
    }
}
