// Private to CLuaShims: the per-state control block and the kill helpers the bounded library
// functions share with the trampolines in shims.c.
#ifndef CLUA_CONTROL_H
#define CLUA_CONTROL_H

#include <lua.h>
#include <stdatomic.h>
#include <stddef.h>

/// Per-state control block; it is the allocator's `ud`, so any coroutine reaches it.
typedef struct clua_Control {
    size_t used;
    size_t peak;
    size_t limit;
    int enforce;   // 1 while Lua code runs; 0 while Swift runs, so allocation never raises there
    int refused;   // an allocation was refused because of the ceiling
    int nesting;  // coroutine.resume/close calls nested on the C stack (see clua_coclose)
    int runtag;   // the tag of the run being resumed (0 between resumes; see clua_set_runtag)
    atomic_int killed;  // a CLUA_KILL_* reason, set from any thread
    char killmessage[256];  // a budget kill's message; written and read on the state's thread
} clua_Control;

// The control block also sits in each thread's extra space (lua_newthread copies the main
// thread's), reached with pointer arithmetic instead of a call: it is on every binding call.
static inline clua_Control *clua_control(lua_State *L) {
    return *(clua_Control **)lua_getextraspace(L);
}

/// How many steps a C loop of the bounded library takes between two looks at the kill flag.
#define CLUA_KILL_CHECK_STEPS 1024

/// Raises the pending kill's error (budget or interrupt) at the user's line, and keeps the kill
/// hook armed on `L` so a pcall that catches it is stopped at its next instruction.
int clua_raise_kill(lua_State *L);

/// Counts one step of a C loop; every CLUA_KILL_CHECK_STEPS steps, raises if a kill is pending.
static inline void clua_step(lua_State *L, clua_Control *c, unsigned *countdown) {
    if (--*countdown == 0) {
        *countdown = CLUA_KILL_CHECK_STEPS;
        if (atomic_load_explicit(&c->killed, memory_order_relaxed)) clua_raise_kill(L);
    }
}

/// Pushes "chunk:line: " of the innermost Lua frame at or above `level` that is not Moonwire's
/// own Lua (chunks named "=moonwire.*"), or "" if there is none.
void clua_where_user(lua_State *L, int level);

#endif
