/// How `serve` writes its log: lines for a person, or one JSON object per line for a collector.
public enum LogFormat: String, CaseIterable, Sendable {
    case text
    case json
}
