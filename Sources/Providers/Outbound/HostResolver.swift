import Dispatch
import Foundation
import Synchronization

/// Turns a host name into the addresses a connection would go to, so they can be checked first.
public protocol HostResolver: Sendable {
    /// Every address `host` resolves to; `unknown_host` when it resolves to none.
    func addresses(of host: String) async throws(OutboundHTTPError) -> [IPAddress]
}

/// The system's resolver (`getaddrinfo`: /etc/hosts, then DNS). It blocks, so it runs on a
/// Dispatch thread rather than on Swift's cooperative pool, which has one thread per core.
public struct SystemHostResolver: HostResolver {
    /// The system resolver.
    public init() {}

    public func addresses(of host: String) async throws(OutboundHTTPError) -> [IPAddress] {
        // getaddrinfo cannot be stopped: a cancelled lookup (the call's deadline) answers at once
        // and the lookup finishes on its own.
        let waiting = Mutex<CheckedContinuation<Result<[IPAddress], OutboundHTTPError>, Never>?>(nil)
        let cancelled = OutboundHTTPError(.cancelled, "looking up \(host) was cancelled")
        let result = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                waiting.withLock { $0 = continuation }
                if Task.isCancelled { waiting.withLock { $0.take() }?.resume(returning: .failure(cancelled)) }
                DispatchQueue.global().async {
                    let found = Self.lookUp(host)
                    waiting.withLock { $0.take() }?.resume(returning: found)
                }
            }
        } onCancel: {
            waiting.withLock { $0.take() }?.resume(returning: .failure(cancelled))
        }
        return try result.get()
    }

    static func lookUp(_ host: String) -> Result<[IPAddress], OutboundHTTPError> {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, nil, &hints, &list)
        guard status == 0, let first = list else {
            let reason = String(cString: gai_strerror(status))
            return .failure(OutboundHTTPError(.unknownHost, "\(host) does not resolve (\(reason)): check the host name"))
        }
        defer { freeaddrinfo(first) }
        var addresses: [IPAddress] = []
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let entry = cursor {
            if let address = entry.pointee.ai_addr {
                switch Int32(address.pointee.sa_family) {
                case AF_INET:
                    address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { v4 in
                        addresses.append(IPAddress(bytes: withUnsafeBytes(of: v4.pointee.sin_addr) { Array($0) }))
                    }
                case AF_INET6:
                    address.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { v6 in
                        addresses.append(IPAddress(bytes: withUnsafeBytes(of: v6.pointee.sin6_addr) { Array($0) }))
                    }
                default: break
                }
            }
            cursor = entry.pointee.ai_next
        }
        var seen = Set<IPAddress>()
        let unique = addresses.filter { seen.insert($0).inserted }
        guard !unique.isEmpty else { return .failure(OutboundHTTPError(.unknownHost, "\(host) resolves to no address")) }
        return .success(unique)
    }
}
