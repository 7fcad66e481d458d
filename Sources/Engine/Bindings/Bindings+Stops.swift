import Foundation
import LuaKit
import Providers
import SMSCore
import Storage

extension Bindings {
    /// `stops.add(phone)`, `stops.remove(phone)`, `stops.contains(phone)`, `stops.list()`,
    /// `stops.sync()`: the stop list the dispatcher checks. Numbers are normalized with the
    /// default region. With a provider that keeps its own stop list (Conexteo), add and remove
    /// change the provider's list first (a failure there is `nil, err` with nothing changed), then
    /// the local one; sync pulls the provider's list in (serve does it every `MOONWIRE_STOP_SYNC`).
    func stopFunctions() -> [String: LuaFunction] {
        let store = services.store
        let clock = services.clock
        let region = services.region
        let remote = services.provider as? any RemoteStopListProvider
        let sync = services.stopListSync
        let changes = services.dispatcher.stopListChanges
        let providerName = services.provider.name
        return [
            // stops.sync() -> { listed = n, added = { phone, ... } } | nil, err
            "sync": LuaFunction { call in
                try call.suspend {
                    guard let sync else {
                        throw LuaFailure(
                            code: "not_supported",
                            message: "\(providerName) keeps no stop list of its own: the local list is the only one",
                            extra: ["retryable": .boolean(false)])
                    }
                    let outcome: StopListSync.Outcome
                    do throws(EngineError) {
                        outcome = try await sync.pull()
                    } catch {
                        throw LuaFailure(code: error.code, message: error.message, extra: ["retryable": .boolean(false)])
                    }
                    return [.table(LuaTable([
                        "listed": .integer(Int64(outcome.listed)), "added": .table(LuaTable(array: outcome.added.map { .text($0) })),
                    ]))]
                }
            },
            // stops.add(phone) -> true (added) | false (already there) | nil, err
            "add": LuaFunction { call in
                let phone = try Bindings.e164(try call.string(1), region: region)
                return try call.suspend {
                    if let remote { try await Bindings.providing { () async throws(ProviderError) in try await remote.addRemoteStop(phone) } }
                    return [.boolean(try await Bindings.storing { () async throws(StorageError) in
                        try await store.addStop(phone, source: .script, now: clock.now())
                    })]
                }
            },
            // stops.remove(phone) -> true (removed) | false (was not there) | nil, err
            "remove": LuaFunction { call in
                let phone = try Bindings.e164(try call.string(1), region: region)
                return try call.suspend {
                    // Under the lock a pull of the provider's list takes: it cannot put the number back.
                    try await changes.withLock({ () async throws(LuaFailure) -> [LuaValue] in
                        if let remote {
                            try await Bindings.providing { () async throws(ProviderError) in
                                try await remote.removeRemoteStops(phone, region: region)
                            }
                        }
                        return [.boolean(try await Bindings.storing { () async throws(StorageError) in try await store.removeStop(phone) })]
                    })
                }
            },
            // stops.contains(phone) -> boolean | nil, err
            "contains": LuaFunction { call in
                let phone = try Bindings.e164(try call.string(1), region: region)
                return try call.suspend {
                    [.boolean(try await Bindings.storing { () async throws(StorageError) in try await store.isStopped(phone) })]
                }
            },
            // stops.list() -> { {phone=, source=, at=}, ... }
            "list": LuaFunction { call in
                try call.suspend {
                    let rows = try await Bindings.storing { () async throws(StorageError) in try await store.stops() }
                    return [.table(LuaTable(array: rows.map { row in
                        .table(LuaTable([
                            "phone": .text(row.phone), "source": .text(row.source.rawValue),
                            "at": .number(row.createdAt.timeIntervalSince1970),
                        ]))
                    }))]
                }
            },
        ]
    }

    /// Runs a provider call from async binding work; a provider failure becomes `nil, err`.
    @discardableResult
    static func providing<T>(_ body: () async throws(ProviderError) -> T) async throws(LuaFailure) -> T {
        do throws(ProviderError) {
            return try await body()
        } catch {
            throw LuaFailure(code: error.code, message: error.message, extra: ["retryable": .boolean(error.retryable)])
        }
    }

    /// Runs a store call from async binding work; a store failure becomes `nil, err`.
    static func storing<T>(_ body: () async throws(StorageError) -> T) async throws(LuaFailure) -> T {
        do throws(StorageError) {
            return try await body()
        } catch {
            throw LuaFailure(code: error.code.rawValue, message: error.message, extra: ["retryable": .boolean(false)])
        }
    }
}
