import Foundation
import Logging
import LuaKit
import SMSCore
import Storage

extension FlowEngine {
    /// Fires the schedules due at `now`, earliest first; returns how many fired.
    func fireDueSchedules(now: Date) async -> Int {
        let names = schedules.names
        guard !names.isEmpty else { return 0 }
        let due: [ScheduleRow]
        do throws(StorageError) {
            due = try await store.claimDueSchedules(now: now, names: names, claim: workClaim)
        } catch {
            logger.error("cannot read due schedules: \(error.message)")
            return 0
        }
        for row in due {
            guard let definition = schedules.schedule(row.name), let fire = row.nextFire else { continue }
            await run(definition, firing: fire)
            await record(definition, fired: fire, ran: true, now: now)
        }
        return due.count
    }

    /// At start: a schedule whose fire passed while Moonwire was down runs once now (or is
    /// skipped, as it says), then waits for its next fire after now.
    public func catchUpMissedSchedules() async {
        let now = clock.now()
        let names = schedules.names
        guard !names.isEmpty else { return }
        let due: [ScheduleRow]
        do throws(StorageError) {
            due = try await store.claimDueSchedules(now: now, names: names, claim: workClaim)
        } catch {
            logger.error("cannot read due schedules: \(error.message)")
            return
        }
        for row in due {
            guard let definition = schedules.schedule(row.name), let fire = row.nextFire else { continue }
            let missed = fire < now
            if missed && !definition.runMissed {
                logger.info("schedule \(row.name): the fire of \(fire.formatted(.iso8601)) was missed and is skipped")
                await record(definition, fired: fire, ran: false, now: now)
                continue
            }
            if missed { logger.info("schedule \(row.name): running the fire of \(fire.formatted(.iso8601)) missed while down") }
            await run(definition, firing: fire)
            await record(definition, fired: fire, ran: true, now: now)
        }
    }

    /// Runs a schedule's function in its own coroutine; its sends get dedup keys derived from
    /// the fire, so running it again after a crash sends nothing twice.
    private func run(_ definition: ScheduleDefinition, firing fire: Date) async {
        guard let runtime = definition.owner.value else { return }
        let stamp = Int64((fire.timeIntervalSince1970 * 1000).rounded())
        let context = SendContext(prefix: "schedule:\(definition.name):\(stamp)", origin: .schedule(definition.name))
        let info = LuaValue.table(
            LuaTable(["name": .text(definition.name), "at": .number(fire.timeIntervalSince1970)]))
        let budget = self.budget
        do {
            _ = try await SendContext.$current.withValue(context) {
                try await runtime.run(definition.function, arguments: [info], budget: budget)
            }
        } catch let error as LuaError {
            logger.error("schedule \(definition.name) (\(definition.location)) failed: \(error.message)")
        } catch {
            logger.error("schedule \(definition.name) (\(definition.location)) failed: \(error)")
        }
    }

    private func record(_ definition: ScheduleDefinition, fired: Date, ran: Bool, now: Date) async {
        let next = definition.nextFire(after: max(now, fired)).map(FlowEngine.instant)
        let store = self.store
        do throws(StorageError) {
            try await store.recordScheduleFire(name: definition.name, fired: fired, lastFire: ran ? now : nil, next: next, now: now)
        } catch {
            logger.error("schedule \(definition.name): \(error.message)")
        }
    }
}
