import CLua
import CLuaShims

/// Signature of a Swift function callable from Lua: read arguments from the ``LuaCall``, push
/// results, return how many were pushed (or ``LuaCall/suspend(_:)``'s value). A thrown error
/// becomes a Lua error raised by C after this returns.
public typealias LuaFunctionBody = (LuaCall) throws -> Int32

/// A Swift function to bind, as a module lists it. A struct rather than a bare closure in the
/// dictionary: a closure stored in a generic collection is called through two reabstraction
/// thunks, measurable on every call from Lua.
public struct LuaFunction {
    let body: LuaFunctionBody
    /// Wraps `body`.
    public init(_ body: @escaping LuaFunctionBody) { self.body = body }
}

/// Holds one Swift function for the C trampoline. Owned by its ``LuaState`` for the state's
/// lifetime: Lua only holds an unretained pointer to it, so collection can never free it early.
final class LuaFunctionBox {
    let name: String
    let body: LuaFunctionBody
    unowned(unsafe) let state: LuaState  // the state owns the box, so it outlives it

    init(name: String, state: LuaState, body: @escaping LuaFunctionBody) {
        self.name = name
        self.body = body
        self.state = state
    }

    func invoke(_ L: OpaquePointer) -> Int32 {
        let call = LuaCall(L: L, box: self)
        do {
            return try body(call)
        } catch let failure as LuaFailure {
            state.pushFailure(L, failure)
            return 2
        } catch {
            call.pushError(error)
            return CLUA_STATUS_ERROR
        }
    }
}

/// The C trampoline's entry into Swift. The state keeps every box alive, so the call borrows it
/// without retain/release: on a hot path those atomics were a third of a binding's cost.
let luaKitDispatch: clua_Dispatch = { L, function in
    Unmanaged<LuaFunctionBox>.fromOpaque(function!)._withUnsafeGuaranteedRef { $0.invoke(L!) }
}

/// Called by a userdata's __gc with the retained object pointer.
let luaKitRelease: clua_Release = { object in
    Unmanaged<AnyObject>.fromOpaque(object!).release()
}
