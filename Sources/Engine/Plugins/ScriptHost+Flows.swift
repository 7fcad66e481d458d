import Foundation
import Logging
import LuaKit
import SMSCore
import Storage
import Synchronization

extension ScriptHost {
    /// The version of a source text that flow runs are pinned to: its SHA-256, 32 hex digits.
    static func sourceHash(_ source: [UInt8]) -> String {
        ShortDigest.hex(source)
    }

    /// Writes which flows the plugins define (what `moonwire flows start` may start) and keeps
    /// the source of each plugin version, so runs pinned to it can replay after an edit.
    func recordFlowDefinitions(sources: [FlowSourceRecord]) async {
        let definitions = flows.registry.currentDefinitions.map {
            FlowDefinitionRecord(name: $0.name, hash: $0.sourceHash, plugin: $0.plugin, allowParallel: $0.allowParallel)
        }
        let used = Set(definitions.map(\.hash))
        let store = self.store
        let now = clock.now()
        do throws(StorageError) {
            try await store.saveFlowDefinitions(definitions, sources: sources.filter { used.contains($0.hash) }, now: now)
        } catch {
            services.logger.error("cannot record the flow definitions: \(error.message)")
        }
    }

    /// Loads version `hash` of the plugin that defined flow `name` again, from its stored
    /// source, to replay a run pinned to it: its top level runs in a fresh environment where
    /// `on.*` and `schedule.*` register nothing and `flows.define` is collected. Nil when the
    /// source is not stored or does not define the flow.
    func loadFlowVersion(name: String, hash: String) async -> FlowDefinition? {
        let store = self.store
        let record: FlowSourceRecord?
        do throws(StorageError) {
            record = try await store.flowSource(hash: hash)
        } catch {
            services.logger.error("cannot read flow version \(hash): \(error.message)")
            return nil
        }
        guard let record else { return nil }
        let collector = FlowCollector()
        // In the plugin's own runtime when it is loaded (its memory is its own), else the host's.
        let owner = loadedRuntimes.withLock { $0[record.plugin] } ?? hostRuntime
        do {
            let roots = record.directory.map { [$0] } ?? []
            let environment = try await makeEnvironment(
                roots: roots, plugin: record.plugin, sourceHash: hash, collector: collector, in: owner)
            let chunk = (record.directory.map { URL(fileURLWithPath: $0).lastPathComponent + "/" } ?? "") + record.plugin
            _ = try await owner.runtime.run(
                source: ScriptHost.strippingShebang(record.source), chunkName: "@" + chunk + " (version \(hash.prefix(8)))",
                environment: environment)
        } catch {
            services.logger.error("cannot load version \(hash) of \(record.plugin) again: \(error)")
            return nil
        }
        for definition in collector.definitions where definition.name != name { flows.registry.addVersion(definition) }
        services.logger.info("loaded version \(hash.prefix(8)) of \(record.plugin) again for runs pinned to it")
        return collector.definitions.last { $0.name == name }
    }
}
