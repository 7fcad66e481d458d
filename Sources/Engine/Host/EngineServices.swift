import Logging
import Providers
import SandboxStore
import SMSCore
import Storage
import Synchronization

/// What bindings, the router and the daemon share: the store, the provider, the clock, the policy,
/// the dispatcher and the handler registry. Holds no Lua state, so bindings can keep it without
/// a reference cycle through the runtime.
public final class EngineServices: Sendable {
    public let store: any EngineStorage
    /// The sandbox emulation's store (opened, with its tables, on first use).
    public let sandbox: @Sendable () throws(StorageError) -> any SandboxStorage
    public let provider: any MessagingProvider
    public let clock: any TimeSource
    /// The region national numbers belong to.
    public let region: String
    /// The policy in force (the configured one, adjusted by `policy.set{}`).
    public let policies: PolicyBox
    /// The policy in force now.
    public var policy: SendPolicy { policies.current }
    public let dispatcher: Dispatcher
    public let registry: HandlerRegistry
    /// Scripts' HTTP calls (`http`, `flow:http`), under the configured address policy.
    public let http: any OutboundTransport
    /// How the last plugin load went (`moonwire.plugins()`).
    let pluginStatuses = Mutex<[PluginStatus]>([])
    /// One plugin load at a time: two SIGHUPs in a row must not interleave their loads.
    let pluginLoads = AsyncLock()
    let logger: Logger

    init(
        store: any EngineStorage, sandbox: @escaping @Sendable () throws(StorageError) -> any SandboxStorage,
        provider: any MessagingProvider, clock: any TimeSource, region: String, policy: SendPolicy, http: any OutboundTransport,
        logger: Logger
    ) {
        self.store = store
        self.sandbox = sandbox
        self.provider = provider
        self.clock = clock
        self.region = region
        let policies = PolicyBox(policy)
        self.policies = policies
        self.logger = logger
        self.http = http
        self.dispatcher = Dispatcher(
            store: store, provider: provider, clock: clock, policies: policies, region: region, logger: logger)
        self.registry = HandlerRegistry()
    }
}
