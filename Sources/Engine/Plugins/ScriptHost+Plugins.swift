import Foundation
import LuaKit
import Synchronization
import Storage

extension ScriptHost {
    /// Loads every `*.lua` file of `directory` (in name order), each in its own Lua runtime (its
    /// own memory ceiling and budget: one plugin cannot starve another) and sandboxed environment
    /// where `require` finds the directory's modules. A plugin that fails (syntax error, runtime
    /// error, over its budget or its memory) is reported and its handlers dropped; the others
    /// load. Loading again replaces every handler and runtime of the previous load (SIGHUP's reload).
    public func loadPlugins(from directory: String) async -> [PluginStatus] {
        await services.pluginLoads.withLock { await loadPluginsLocked(from: directory) }
    }

    private func loadPluginsLocked(from directory: String) async -> [PluginStatus] {
        let registry = services.registry
        let generation = registry.beginGeneration()
        services.policies.beginLoad()
        flows.registry.beginLoad()
        flows.schedules.beginLoad()
        var statuses: [PluginStatus] = []
        var sources: [FlowSourceRecord] = []
        var runtimes: [String: PluginRuntime] = [:]
        for path in ScriptHost.pluginFiles(in: directory) {
            let name = URL(fileURLWithPath: path).lastPathComponent
            var status = PluginStatus(name: name, path: path, error: nil, handlers: 0)
            let policyBefore = services.policies.checkpoint
            do {
                let source = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
                let hash = ScriptHost.sourceHash(source)
                sources.append(FlowSourceRecord(hash: hash, plugin: name, directory: directory, source: source))
                let owner = PluginRuntime(
                    plugin: name, runtime: try LuaRuntime(limits: configuration.limits, output: configuration.output))
                runtimes[name] = owner
                let environment = try await makeEnvironment(
                    roots: [directory], plugin: name, sourceHash: hash, collector: nil, in: owner)
                // Named "<dir>/<file>": Lua cuts long chunk names to 60 bytes with "...", which
                // would hide the file name of a plugin under a deep path.
                let chunk = URL(fileURLWithPath: directory).lastPathComponent + "/" + name
                try await ScriptHost.runTopLevel(
                    of: chunk, source: ScriptHost.strippingShebang(source), environment: environment, in: owner.runtime)
            } catch let error as LuaError {
                status.error = error.message
            } catch {
                status.error = "\(path): cannot read: \(ScriptHost.reason(error))"
            }
            if status.error != nil {
                runtimes[name] = nil
                services.policies.restore(policyBefore)  // a failed plugin changes nothing
                registry.remove(plugin: name, generation: generation)
                flows.registry.discardLoad(of: name)
                flows.schedules.discardLoad(of: name)
            }
            status.handlers = registry.all.filter { $0.plugin == name && $0.generation == generation }.count
            status.flows = flows.registry.currentDefinitions.filter { $0.plugin == name }.map(\.name)
            status.schedules = flows.schedules.all.filter { $0.plugin == name }.map(\.name)
            statuses.append(status)
        }
        registry.removeGenerations(before: generation)
        loadedRuntimes.withLock { $0 = runtimes }  // the previous load's go once their runs end
        services.policies.finishLoad()
        services.pluginStatuses.withLock { $0 = statuses }
        flows.registry.finishLoad()
        flows.schedules.finishLoad()
        await recordFlowDefinitions(sources: sources)
        return statuses
    }

    /// Runs a plugin's top level in `runtime`. The budget stops a loop in Lua; a top level stuck
    /// in a call that cannot be interrupted is given up on (it goes on in its own thread,
    /// unawaited), so serve still starts with the other plugins. Stuck means: still going after
    /// twice the budget and 10 s more, and the executor then neither answers a no-op nor finishes
    /// a job for the budget and 5 s. A top level suspended in a binding (a busy database, a
    /// loaded machine) leaves the executor free to answer, and is waited for.
    static func runTopLevel(
        of chunk: String, source: [UInt8], environment: LuaReference, in runtime: LuaRuntime
    ) async throws(LuaError) {
        let budget = runtime.limits.runBudget
        let limit = budget * 2 + .seconds(10)
        let load = Task { () async -> LuaError? in
            do throws(LuaError) {
                _ = try await runtime.run(source: source, chunkName: "@" + chunk, environment: environment)
                return nil
            } catch {
                return error
            }
        }
        while true {
            if let outcome = await BoundedWait<LuaError?>.atMost(limit, { await load.value }) {
                if let error = outcome { throw error }
                return
            }
            let probe = Task { await runtime.withState { _ in true } }
            let progress = runtime.executor.completedJobs
            let answered = await BoundedWait<Bool>.atMost(budget + .seconds(5)) { await probe.value } != nil
            guard answered || runtime.executor.completedJobs != progress else { break }
        }
        throw LuaError(
            kind: .limit,
            message: "\(chunk): loading did not end within \(limit) (its budget is \(budget)): it is stuck in a call "
                + "that cannot be interrupted, and is not loaded")
    }

    /// The plugin files of `directory`, sorted; empty when it does not exist. Test files
    /// (`*_test.lua`, run by `moonwire test`) are not plugins.
    static func pluginFiles(in directory: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { $0.hasSuffix(".lua") && !$0.hasPrefix(".") && !isTestFile($0) }.sorted()
            .map { URL(fileURLWithPath: directory).appendingPathComponent($0).path }
    }

    /// True for a test file's name (`welcome_drip_test.lua`): `moonwire test` runs it, plugin loads skip it.
    public static func isTestFile(_ name: String) -> Bool {
        name.hasSuffix("_test.lua") && !name.hasPrefix(".")
    }
}
