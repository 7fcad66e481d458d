import Synchronization

/// A Lua value pinned in the registry of one state: a function, userdata, thread or table the
/// host keeps. It may be held anywhere, but only the state that made it can push it; when the
/// last Swift reference goes, the pin is released on that state's executor, not in `deinit`.
public final class LuaReference: @unchecked Sendable, Hashable, CustomStringConvertible {
    // Safety: the fields are immutable; `deinit` only appends to the owner's Mutex-guarded list.
    let ref: Int32
    let owner: LuaReferenceOwner
    /// Lua's type name of the pinned value.
    public let typeName: String

    init(ref: Int32, owner: LuaReferenceOwner, typeName: String) {
        self.ref = ref
        self.owner = owner
        self.typeName = typeName
    }

    deinit { owner.release(ref) }

    public static func == (a: LuaReference, b: LuaReference) -> Bool { a === b }
    public func hash(into hasher: inout Hasher) { hasher.combine(ObjectIdentifier(self)) }
    public var description: String { "\(typeName) (ref \(ref))" }
}

/// Identifies a state and collects the registry slots whose references were dropped, so they
/// are released on the state's own executor.
final class LuaReferenceOwner: Sendable {
    private let dropped = Mutex<[Int32]>([])

    func release(_ ref: Int32) { dropped.withLock { $0.append(ref) } }

    func takeDropped() -> [Int32] {
        dropped.withLock { list in
            defer { list.removeAll(keepingCapacity: true) }
            return list
        }
    }
}
