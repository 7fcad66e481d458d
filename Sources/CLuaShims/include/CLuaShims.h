// The only real C in Moonwire. Everything that may longjmp (lua_error, lua_yieldk) happens here,
// after the Swift callee has returned a status (DESIGN.md §2.1). Every symbol has the clua_ prefix.
#ifndef CLUA_SHIMS_H
#define CLUA_SHIMS_H

#include <stddef.h>
#include <lua.h>

/// Status a Swift function returns to the trampoline instead of a result count: raise the value
/// on top of the stack as a Lua error.
#define CLUA_STATUS_ERROR (-1)
/// Status a Swift function returns to suspend the calling coroutine (host yield).
#define CLUA_STATUS_SUSPEND (-2)

/// Signature of the Swift dispatcher: runs the Swift function `function` against `L` and returns
/// a result count or one of the CLUA_STATUS_* values.
typedef int (*clua_Dispatch)(lua_State *L, void *function);
/// Signature of the Swift release hook called by a userdata's __gc with the object pointer.
typedef void (*clua_Release)(void *object);

/// Registers the Swift dispatcher and release hook; called once per process before any state.
void clua_set_callbacks(clua_Dispatch dispatch, clua_Release release);

/// Creates a state whose allocator enforces `limit` bytes while Lua code runs (0: no limit).
lua_State *clua_newstate(size_t limit);
/// Closes a state made by clua_newstate and frees its control block.
void clua_close(lua_State *L);

/// Bytes the state holds now.
size_t clua_memory_used(lua_State *L);
/// Highest number of bytes the state has held.
size_t clua_memory_peak(lua_State *L);
/// The ceiling enforced while Lua code runs (0: none).
size_t clua_memory_limit(lua_State *L);
/// Changes the ceiling (0: none).
void clua_set_memory_limit(lua_State *L, size_t limit);
/// Non-zero if an allocation was refused because of the ceiling since the last reset.
int clua_memory_refused(lua_State *L);
/// Clears the refused flag.
void clua_memory_reset_refused(lua_State *L);

/// Sets the tag of the run about to be resumed (0 once it yields or ends): what the host says
/// about it, read by `clua_guard_f`'s wrappers without a call into Swift.
void clua_set_runtag(lua_State *L, int tag);
/// A lua_CFunction, `guard(f, message, arg, tag)`: a function that raises `message` at the
/// caller's line when called while a run tagged `tag` executes (and, if `arg` > 0, argument
/// `arg` is nil), and otherwise is `f` itself, called in place. `f` must be a C function with
/// at most one upvalue (the standard library's); anything else is returned unchanged.
int clua_guard_f(lua_State *L);

/// Loads a text-only chunk (mode "t"); never raises. Pushes the function or an error message.
int clua_load(lua_State *L, const char *buffer, size_t size, const char *chunkname);
/// Loads the host's own precompiled chunk (mode "b": bytecode the host dumped itself, never a
/// script's); never raises.
int clua_load_bytecode(lua_State *L, const char *buffer, size_t size, const char *chunkname);
/// Dumps the function on top of the stack as bytecode, with its debug information, into a
/// buffer the caller frees with `free`. Returns NULL when out of memory.
char *clua_dump(lua_State *L, size_t *size);
/// lua_pcall with a traceback message handler, allocation ceiling enforced; never raises.
int clua_pcall(lua_State *L, int nargs, int nresults);
/// lua_resume with the ceiling enforced and the running coroutine tracked for the kill signal.
int clua_resume(lua_State *co, lua_State *from, int nargs, int *nresults);

/// Pushes a C closure that calls the Swift function `function` (an unretained pointer owned by
/// the host) through the dispatcher.
void clua_pushfunction(lua_State *L, void *function);
/// Pushes the light userdata that marks a host yield.
void clua_pushsuspendmarker(lua_State *L);
/// Non-zero if the value at `idx` is the host yield marker.
int clua_issuspendmarker(lua_State *L, int idx);

/// Creates a full userdata holding `object` (retained by the caller on Lua's behalf) and sets
/// the metatable registered under `tname`. Returns 0 if no such metatable exists.
int clua_pushobject(lua_State *L, void *object, const char *tname);
/// The object of a userdata made by clua_pushobject whose metatable is `tname`, or NULL.
void *clua_toobject(lua_State *L, int idx, const char *tname);
/// __gc for userdata made by clua_pushobject: hands the object to the release hook once.
int clua_object_gc(lua_State *L);

/// Kill reasons for clua_request_kill: the run's time budget is spent / the host interrupted it.
#define CLUA_KILL_BUDGET 1
#define CLUA_KILL_INTERRUPT 2

/// Installs the handler of `signo` that stops the Lua code running on the thread it is sent to
/// (pthread_kill), once a kill was requested: it arms an every-instruction hook that raises
/// the kill's message, the way lua.c handles SIGINT.
int clua_install_kill_signal(int signo);
/// Sets the kill flag of `L`'s state to `reason` unless already set (any thread). Send the kill
/// signal to the state's thread after this; clua_resume and clua_pcall hook Lua entered later.
void clua_request_kill(lua_State *L, int reason);
/// The kill reason if a kill is requested, else 0.
int clua_killed(lua_State *L);
/// Sets the message a budget kill raises (copied); call on the state's thread.
void clua_set_kill_message(lua_State *L, const char *message);
/// Clears the kill flag and the hook of `co` (and of the main thread); does nothing while Lua
/// runs on the calling thread, so a binding's nested call cannot clear its run's kill.
void clua_reset_kill(lua_State *L, lua_State *co);

/// coroutine.resume replacement that keeps the kill signal told which coroutine runs.
int clua_coresume(lua_State *L);
/// Closes a dead or suspended coroutine's pending to-be-closed variables (their __close handlers
/// run under the ceiling and the kill signal); the error object, if any, is left on its top.
int clua_closethread(lua_State *co);
/// How deeply coroutine.resume and coroutine.close calls may nest on the C stack together.
#define CLUA_MAX_NESTING 200
/// Pushes a coroutine.close replacement (wrapping the real one) that tells the kill signal the
/// closed coroutine runs while its pending __close handlers do.
void clua_pushcoclose(lua_State *L);
/// Replaces string.rep, find, match, gmatch, gsub and table.move, insert, remove, sort in the state's
/// standard library with versions the budget reaches (checked before they run, or looking at
/// the kill flag as they loop). Run it under clua_pcall before anything copies those tables.
int clua_open_bounded_library(lua_State *L);
/// Lua function: true while the current run is being killed (lets wrappers skip user handlers).
int clua_killed_f(lua_State *L);
/// Lua function: the message handler used by clua_pcall (adds a traceback).
int clua_msghandler(lua_State *L);

#endif
