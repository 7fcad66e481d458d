import Synchronization

/// The pending faults, oldest first; shared by every connection.
final class FaultQueue: Sendable {
    private let faults = Mutex<[SandboxFault]>([])

    /// Queues `fault` behind the others.
    func add(_ fault: SandboxFault) {
        faults.withLock { $0.append(fault) }
    }

    /// Removes every pending fault; returns how many requests they would still have failed.
    func clear() -> Int {
        faults.withLock { queue in
            defer { queue.removeAll() }
            return queue.reduce(0) { $0 + $1.count }
        }
    }

    /// The pending faults.
    var pending: [SandboxFault] { faults.withLock { $0 } }

    /// Takes one use of the oldest fault matching `path`, if any.
    func take(for path: String) -> SandboxFault? {
        faults.withLock { queue in
            guard let index = queue.firstIndex(where: { path.hasPrefix($0.pathPrefix) }) else { return nil }
            let fault = queue[index]
            queue[index].count -= 1
            if queue[index].count == 0 { queue.remove(at: index) }
            return fault
        }
    }
}
