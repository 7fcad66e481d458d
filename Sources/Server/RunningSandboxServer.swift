import ServiceLifecycle

/// A sandbox server that is listening; ``stop()`` closes it.
public final class RunningSandboxServer: Sendable {
    /// The port the server is bound to.
    public let port: Int
    /// The host clients should use (a wildcard listen address is reached on loopback).
    let host: String
    private let group: ServiceGroup
    private let task: Task<Void, Never>

    init(host: String, port: Int, group: ServiceGroup, task: Task<Void, Never>) {
        switch host {
        case "0.0.0.0", "": self.host = "127.0.0.1"
        case "::": self.host = "[::1]"
        default: self.host = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        }
        self.port = port
        self.group = group
        self.task = task
    }

    /// The base URL to give the Conexteo client, e.g. `http://127.0.0.1:8080/conexteo`.
    public var conexteoBaseURL: String { "http://\(host):\(port)/conexteo" }

    /// The base URL to give the Conerix client, e.g. `http://127.0.0.1:8080/conerix/api`.
    public var conerixBaseURL: String { "http://\(host):\(port)/conerix/api" }

    /// The base URL of the sandbox controls, e.g. `http://127.0.0.1:8080/_sandbox`.
    public var controlBaseURL: String { "http://\(host):\(port)\(SandboxServer.controlPrefix)" }

    /// Stops listening, lets requests in progress finish, closes idle connections, and waits
    /// until the server has finished.
    public func stop() async {
        await group.triggerGracefulShutdown()
        await task.value
    }
}
