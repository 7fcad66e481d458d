import Foundation
import Logging
import SMSCore
import Storage
import Synchronization

extension Daemon {
    /// The named lease of the Conexteo-style reply poller (its cursor's name).
    static func pollerLease(_ provider: String) -> String { "\(provider).replies" }
    /// The named lease of the in-process provider's inbound (the sandbox's replies and reports).
    static let inProcessLease = "sandbox.inbound"
    /// The named lease of the `on.delivery` handlers' loop.
    static let deliveriesLease = "deliveries"

    /// This process on the database: registers, then heartbeats every ``WorkerLease/heartbeatInterval``
    /// until the daemon stops, which renews every claim it holds and the named leases; recovers
    /// the sends of instances whose lease lapsed. The clean stop (``leaveFleet()``) comes after
    /// every loop has finished.
    func fleetLoop() async {
        let store = host.store
        let logger = host.services.logger
        let dedups = host.services.dispatcher.providerDedups
        var registered = false
        while !isStopping {
            do throws(StorageError) {
                let claim = WorkerLease.claim()
                if !registered {
                    try await store.registerWorker(worker, until: claim.until)
                    registered = true
                } else if try await store.heartbeat(worker: worker.id, until: claim.until) == nil {
                    // Our record went (removed by hand, or pruned after a long stall): register again.
                    try await store.registerWorker(worker, until: claim.until)
                }
                await renewLeases()
                let recovered = try await store.recoverLapsedSends(providerDedups: dedups, now: host.services.clock.now())
                if recovered > 0 { logger.warning("recovered \(recovered) send(s) left in flight by an instance that stopped") }
            } catch {
                logger.error("heartbeat: \(error.message)")
            }
            await pause(WorkerLease.heartbeatInterval)
        }
    }

    /// The clean stop: releases what this process holds and removes its record.
    func leaveFleet() async {
        do throws(StorageError) {
            try await host.store.deregisterWorker(worker.id)
        } catch {
            host.services.logger.error("leaving the fleet: \(error.message) (its claims lapse in \(Int(WorkerLease.heartbeatLease)) s)")
        }
        heldLeases.withLock { $0 = [:] }
    }

    /// True when this process holds named lease `name` now, taking it when it is free or lapsed.
    func holds(_ name: String) async -> Bool {
        let margin = WorkerLease.heartbeatInterval.seconds
        if let until = heldLeases.withLock({ $0[name] }), until.timeIntervalSinceNow > margin { return true }
        return await acquire(name)
    }

    /// Takes or renews named lease `name`; remembers until when it is held.
    @discardableResult
    private func acquire(_ name: String) async -> Bool {
        let claim = WorkerLease.claim()
        let held: Bool
        do throws(StorageError) {
            held = try await host.store.acquireLease(name, claim: claim)
        } catch {
            // Not a takeover: keep what we hold until it lapses, and ask again at the next beat.
            host.services.logger.error("cannot take or renew the lease \(name): \(error.message)")
            return heldLeases.withLock { $0[name].map { $0 > Date() } ?? false }
        }
        let had = heldLeases.withLock { leases in
            let had = leases[name] != nil
            if held { leases[name] = claim.until } else { leases[name] = nil }
            return had
        }
        if held && !had {
            host.services.logger.info("this instance now runs \(name)")
        } else if had && !held {
            host.services.logger.warning("another instance took over \(name)")
        }
        return held
    }

    /// Renews every named lease held (a lease another instance took after ours lapsed is dropped).
    private func renewLeases() async {
        for name in heldLeases.withLock({ Array($0.keys) }) { await acquire(name) }
    }
}
