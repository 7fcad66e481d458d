// The trampolines between Lua and Swift, the limiting allocator, the kill hook and the
// coroutine.resume that tracks the running coroutine. See DESIGN.md §2.1-§2.3.
#include "CLuaShims.h"
#include "control.h"

#include <lauxlib.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

static clua_Dispatch clua_dispatch;
static clua_Release clua_release;
static const char clua_marker = 0;  // its address marks a host yield
// The coroutine executing Lua on this thread, for the kill signal handler; NULL while none is.
static _Thread_local _Atomic(lua_State *) clua_running;

void clua_set_callbacks(clua_Dispatch dispatch, clua_Release release) {
    clua_dispatch = dispatch;
    clua_release = release;
}

// MARK: - Allocator

static void *clua_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
    clua_Control *c = (clua_Control *)ud;
    size_t old = ptr ? osize : 0;
    if (nsize == 0) {
        free(ptr);
        c->used -= old;
        return NULL;
    }
    // Only growth can be refused: Lua assumes shrinking never fails.
    if (c->enforce && c->limit != 0 && nsize > old && c->used - old + nsize > c->limit) {
        c->refused = 1;
        return NULL;
    }
    void *p = realloc(ptr, nsize);
    if (p == NULL) return NULL;
    c->used = c->used - old + nsize;
    if (c->used > c->peak) c->peak = c->used;
    return p;
}

lua_State *clua_newstate(size_t limit) {
    clua_Control *c = calloc(1, sizeof(clua_Control));
    if (c == NULL) return NULL;
    c->limit = limit;
    atomic_init(&c->killed, 0);
    strcpy(c->killmessage, "run stopped");
    lua_State *L = lua_newstate(clua_alloc, c);
    if (L == NULL) {
        free(c);
        return NULL;
    }
    *(clua_Control **)lua_getextraspace(L) = c;
    return L;
}

void clua_close(lua_State *L) {
    clua_Control *c = clua_control(L);
    c->enforce = 0;
    lua_close(L);
    free(c);
}

size_t clua_memory_used(lua_State *L) { return clua_control(L)->used; }
size_t clua_memory_peak(lua_State *L) { return clua_control(L)->peak; }
size_t clua_memory_limit(lua_State *L) { return clua_control(L)->limit; }
void clua_set_memory_limit(lua_State *L, size_t limit) { clua_control(L)->limit = limit; }
int clua_memory_refused(lua_State *L) { return clua_control(L)->refused; }
void clua_memory_reset_refused(lua_State *L) { clua_control(L)->refused = 0; }

// MARK: - Kill hook

static void clua_killhook(lua_State *L, lua_Debug *ar);

static void clua_arm(lua_State *L) {
    lua_sethook(L, clua_killhook, LUA_MASKCALL | LUA_MASKRET | LUA_MASKLINE | LUA_MASKCOUNT, 1);
}

static void clua_killhook(lua_State *L, lua_Debug *ar) {
    (void)ar;
    clua_Control *c = clua_control(L);
    if (!atomic_load(&c->killed)) {  // a stale hook from an earlier run
        lua_sethook(L, NULL, 0, 0);
        // The signal handler may have armed this hook between the load and the clearing.
        if (!atomic_load(&c->killed)) return;
    }
    clua_raise_kill(L);
}

void clua_where_user(lua_State *L, int level) {
    lua_Debug ar;
    // Moonwire's own Lua (the sandbox's wrap, xpcall and load wrappers, the flow guard) is
    // skipped: the user's line is what the error must point at.
    for (; lua_getstack(L, level, &ar); level++) {
        if (!lua_getinfo(L, "Sl", &ar) || ar.currentline <= 0) continue;
        if (strncmp(ar.source, "=moonwire.", 10) == 0) continue;
        lua_pushfstring(L, "%s:%d: ", ar.short_src, ar.currentline);
        return;
    }
    lua_pushliteral(L, "");
}

int clua_raise_kill(lua_State *L) {
    clua_Control *c = clua_control(L);
    int reason = atomic_load(&c->killed);
    // The hook stays armed on every instruction, so a pcall that catches this error is
    // interrupted again at its caller's next instruction (Redis' trick).
    clua_arm(L);
    clua_where_user(L, 0);
    lua_pushstring(L, reason == CLUA_KILL_INTERRUPT ? "interrupted" : c->killmessage);
    lua_concat(L, 2);
    return lua_error(L);
}

// Runs on the thread the signal was sent to. lua_sethook is safe in a signal handler (lua.c's
// SIGINT handler does the same); everything else here is an atomic load.
static void clua_kill_signal_handler(int signo) {
    (void)signo;
    lua_State *running = atomic_load(&clua_running);
    if (running != NULL && atomic_load(&clua_control(running)->killed)) clua_arm(running);
}

int clua_install_kill_signal(int signo) {
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = clua_kill_signal_handler;
    sa.sa_flags = SA_RESTART;
    sigemptyset(&sa.sa_mask);
    return sigaction(signo, &sa, NULL);
}

void clua_set_kill_message(lua_State *L, const char *message) {
    clua_Control *c = clua_control(L);
    strncpy(c->killmessage, message, sizeof(c->killmessage) - 1);
    c->killmessage[sizeof(c->killmessage) - 1] = '\0';
}

int clua_killed(lua_State *L) { return atomic_load(&clua_control(L)->killed); }

void clua_request_kill(lua_State *L, int reason) {
    int none = 0;
    atomic_compare_exchange_strong(&clua_control(L)->killed, &none, reason);
}

void clua_reset_kill(lua_State *L, lua_State *co) {
    // Inside a run (a binding calling back into Lua) the run's kill must survive.
    if (atomic_load(&clua_running) != NULL) return;
    atomic_store(&clua_control(L)->killed, 0);
    lua_sethook(L, NULL, 0, 0);
    if (co != NULL) lua_sethook(co, NULL, 0, 0);
}

int clua_killed_f(lua_State *L) {
    lua_pushboolean(L, atomic_load(&clua_control(L)->killed) != 0);
    return 1;
}

// MARK: - Calls into Lua

int clua_msghandler(lua_State *L) {
    const char *msg = lua_tostring(L, 1);
    if (msg == NULL) {
        if (luaL_callmeta(L, 1, "__tostring") && lua_type(L, -1) == LUA_TSTRING) return 1;
        msg = lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
    }
    luaL_traceback(L, L, msg, 1);
    return 1;
}

void clua_set_runtag(lua_State *L, int tag) { clua_control(L)->runtag = tag; }

/* What a guard needs on every call, in one userdata: one API call reads it all. */
typedef struct {
    lua_CFunction original;
    int tag;  /* the run tag under which the call is refused */
    int arg;  /* the argument that must be nil for the call to be refused (0: always) */
} clua_Guard;

/* A guard's work: raise while a run with the guard's tag executes, else be the original. The
   original runs in the guard's own frame, so an error it raises names the function as stock
   Lua would ("bad argument #1 to 'random'"); its own upvalue, if any, is the guard's first.
   Upvalues from `base`: the clua_Guard, the message. */
static int clua_guarded(lua_State *L, int base) {
    const clua_Guard *g = lua_touserdata(L, lua_upvalueindex(base));
    if (clua_control(L)->runtag == g->tag && (g->arg == 0 || lua_isnoneornil(L, g->arg))) {
        luaL_where(L, 1);
        lua_pushvalue(L, lua_upvalueindex(base + 1));
        lua_concat(L, 2);
        return lua_error(L);
    }
    return g->original(L);
}

static int clua_guarded0(lua_State *L) { return clua_guarded(L, 1); }
static int clua_guarded1(lua_State *L) { return clua_guarded(L, 2); }

int clua_guard_f(lua_State *L) {
    lua_settop(L, 4);
    if (!lua_iscfunction(L, 1) || lua_getupvalue(L, 1, 2) != NULL) {
        lua_settop(L, 1);
        return 1;
    }
    int own = lua_getupvalue(L, 1, 1) != NULL;  /* pushes the original's upvalue, if any */
    clua_Guard *g = lua_newuserdatauv(L, sizeof(clua_Guard), 0);
    g->original = lua_tocfunction(L, 1);
    g->arg = (int)lua_tointeger(L, 3);
    g->tag = (int)lua_tointeger(L, 4);
    lua_pushvalue(L, 2);
    lua_pushcclosure(L, own ? clua_guarded1 : clua_guarded0, own + 2);
    return 1;
}

/* luaL_loadbufferx with the allocation ceiling enforced. */
static int clua_load_mode(lua_State *L, const char *buffer, size_t size, const char *chunkname, const char *mode) {
    clua_Control *c = clua_control(L);
    int saved = c->enforce;
    c->enforce = 1;
    int status = luaL_loadbufferx(L, buffer, size, chunkname, mode);
    c->enforce = saved;
    return status;
}

int clua_load(lua_State *L, const char *buffer, size_t size, const char *chunkname) {
    return clua_load_mode(L, buffer, size, chunkname, "t");
}

int clua_load_bytecode(lua_State *L, const char *buffer, size_t size, const char *chunkname) {
    return clua_load_mode(L, buffer, size, chunkname, "b");
}

typedef struct {
    char *data;
    size_t size, capacity;
    int failed;
} clua_DumpBuffer;

static int clua_dump_writer(lua_State *L, const void *p, size_t sz, void *ud) {
    (void)L;
    clua_DumpBuffer *b = ud;
    if (b->size + sz > b->capacity) {
        size_t capacity = b->capacity ? b->capacity : 4096;
        while (capacity < b->size + sz) capacity *= 2;
        char *grown = realloc(b->data, capacity);
        if (grown == NULL) { b->failed = 1; return 1; }
        b->data = grown;
        b->capacity = capacity;
    }
    memcpy(b->data + b->size, p, sz);
    b->size += sz;
    return 0;
}

char *clua_dump(lua_State *L, size_t *size) {
    clua_DumpBuffer b = {NULL, 0, 0, 0};
    if (lua_dump(L, clua_dump_writer, &b, 0) != 0 || b.failed) {
        free(b.data);
        return NULL;
    }
    *size = b.size;
    return b.data;
}

int clua_pcall(lua_State *L, int nargs, int nresults) {
    clua_Control *c = clua_control(L);
    int base = lua_gettop(L) - nargs;
    lua_pushcclosure(L, clua_msghandler, 0);
    lua_rotate(L, base, 1);
    lua_State *previous = atomic_exchange(&clua_running, L);
    if (atomic_load(&c->killed)) clua_arm(L);
    int saved = c->enforce;
    c->enforce = 1;
    int status = lua_pcall(L, nargs, nresults, base);
    c->enforce = saved;
    atomic_store(&clua_running, previous);
    if (previous != NULL && atomic_load(&c->killed)) clua_arm(previous);
    lua_rotate(L, base, -1);
    lua_settop(L, -2);
    return status;
}

int clua_resume(lua_State *co, lua_State *from, int nargs, int *nresults) {
    clua_Control *c = clua_control(co);
    lua_State *previous = atomic_exchange(&clua_running, co);
    // Hooks are per coroutine: a kill requested before the handler could see `co` must reach
    // it too, and the caller's on the way back.
    if (atomic_load(&c->killed)) clua_arm(co);
    int saved = c->enforce;
    c->enforce = 1;
    int status = lua_resume(co, from, nargs, nresults);
    c->enforce = saved;
    atomic_store(&clua_running, previous);
    if (previous != NULL && atomic_load(&c->killed)) clua_arm(previous);
    return status;
}

// The status coroutine.status reports, from the coroutine's own state.
static const char *clua_costatus(lua_State *L, lua_State *co) {
    if (L == co) return "running";
    switch (lua_status(co)) {
        case LUA_YIELD: return "suspended";
        case LUA_OK: {
            lua_Debug ar;
            if (lua_getstack(co, 0, &ar)) return "normal";  // it resumed another coroutine
            return lua_gettop(co) == 0 ? "dead" : "suspended";  // not started yet
        }
        default: return "dead";  // it died of an error
    }
}

// Same contract as coroutine.resume in Lua's manual (§6.2), plus the watchdog's bookkeeping.
// A non-coroutine argument raises; a coroutine that cannot be resumed gives false, message.
int clua_coresume(lua_State *L) {
    lua_State *co = lua_tothread(L, 1);
    if (co == NULL) return luaL_typeerror(L, 1, "thread");
    int narg = lua_gettop(L) - 1;
    const char *status = clua_costatus(L, co);
    if (strcmp(status, "suspended") != 0) {
        lua_pushboolean(L, 0);
        lua_pushfstring(L, "cannot resume %s coroutine", strcmp(status, "dead") == 0 ? "dead" : "non-suspended");
        return 2;
    }
    if (!lua_checkstack(co, narg)) {
        lua_pushboolean(L, 0);
        lua_pushliteral(L, "too many arguments to resume");
        return 2;
    }
    clua_Control *c = clua_control(L);
    if (c->nesting >= CLUA_MAX_NESTING) {  // see clua_coclose
        lua_pushboolean(L, 0);
        lua_pushliteral(L, "C stack overflow");
        return 2;
    }
    lua_xmove(L, co, narg);
    int nres = 0;
    c->nesting++;
    int status_ = clua_resume(co, L, narg, &nres);
    c->nesting--;
    if (status_ == LUA_OK || status_ == LUA_YIELD) {
        if (!lua_checkstack(L, nres + 1)) {
            lua_settop(co, -nres - 1);
            lua_pushboolean(L, 0);
            lua_pushliteral(L, "too many results to resume");
            return 2;
        }
        lua_pushboolean(L, 1);
        lua_xmove(co, L, nres);
        return nres + 1;
    }
    lua_pushboolean(L, 0);
    lua_xmove(co, L, 1);
    return 2;
}

// coroutine.close runs the closed coroutine's pending __close handlers in that coroutine: it
// must be the one the kill signal arms, or a looping handler could never be stopped.
static int clua_coclose(lua_State *L) {
    clua_Control *c = clua_control(L);
    lua_State *co = lua_tothread(L, 1);
    // Lua 5.4.4 does not count a close toward its C-stack limit, so a __close handler that
    // closes another coroutine whose handler does the same overflows the C stack (SIGSEGV at
    // about 8,000 levels). Closes and resumes share one count of their nesting on the C stack.
    if (co != NULL && c->nesting >= CLUA_MAX_NESTING)
        return luaL_error(L, "C stack overflow: coroutines closed or resumed more than %d levels deep "
                             "(a __close handler closing another coroutine?)", CLUA_MAX_NESTING);
    int nargs = lua_gettop(L);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_State *previous = atomic_exchange(&clua_running, co != NULL ? co : L);
    if (co != NULL && atomic_load(&c->killed)) clua_arm(co);
    c->nesting++;
    int status = lua_pcall(L, nargs, LUA_MULTRET, 0);
    c->nesting--;
    atomic_store(&clua_running, previous);
    if (previous != NULL && atomic_load(&c->killed)) clua_arm(previous);
    if (status != LUA_OK) return lua_error(L);
    return lua_gettop(L);
}

int clua_closethread(lua_State *co) {
    clua_Control *c = clua_control(co);
    lua_State *previous = atomic_exchange(&clua_running, co);
    if (atomic_load(&c->killed)) clua_arm(co);
    int saved = c->enforce;
    c->enforce = 1;
    int status = lua_resetthread(co);
    c->enforce = saved;
    atomic_store(&clua_running, previous);
    return status;
}

void clua_pushcoclose(lua_State *L) {
    lua_getglobal(L, "coroutine");
    lua_getfield(L, -1, "close");
    lua_pushcclosure(L, clua_coclose, 1);
    lua_remove(L, -2);
}

// MARK: - Swift functions

// Resumed by the host with (true, results...) or (false, error).
static int clua_suspend_continuation(lua_State *L, int status, lua_KContext ctx) {
    (void)status;
    (void)ctx;
    if (lua_toboolean(L, 1)) return lua_gettop(L) - 1;
    lua_settop(L, 2);
    return lua_error(L);
}

static int clua_trampoline(lua_State *L) {
    void *function = lua_touserdata(L, lua_upvalueindex(1));
    clua_Control *c = clua_control(L);
    int saved = c->enforce;
    c->enforce = 0;
    int result = clua_dispatch(L, function);
    c->enforce = saved;
    if (result >= 0) return result;
    if (result == CLUA_STATUS_SUSPEND) {
        lua_settop(L, 0);
        lua_pushlightuserdata(L, (void *)&clua_marker);
        return lua_yieldk(L, 1, 0, clua_suspend_continuation);
    }
    // A Swift loop that stopped for a kill (json.encode over a huge table) raises the kill's
    // own error, as the bounded C library does, not the message Swift gave up with.
    if (atomic_load(&c->killed)) {
        lua_pop(L, 1);
        return clua_raise_kill(L);
    }
    return lua_error(L);
}

void clua_pushfunction(lua_State *L, void *function) {
    lua_pushlightuserdata(L, function);
    lua_pushcclosure(L, clua_trampoline, 1);
}

void clua_pushsuspendmarker(lua_State *L) { lua_pushlightuserdata(L, (void *)&clua_marker); }

int clua_issuspendmarker(lua_State *L, int idx) {
    return lua_type(L, idx) == LUA_TLIGHTUSERDATA && lua_touserdata(L, idx) == (void *)&clua_marker;
}

// MARK: - Userdata

int clua_pushobject(lua_State *L, void *object, const char *tname) {
    void **slot = (void **)lua_newuserdatauv(L, sizeof(void *), 0);
    *slot = NULL;
    if (luaL_getmetatable(L, tname) != LUA_TTABLE) {
        lua_settop(L, -3);
        return 0;
    }
    lua_setmetatable(L, -2);
    *slot = object;
    return 1;
}

void *clua_toobject(lua_State *L, int idx, const char *tname) {
    void **slot = (void **)luaL_testudata(L, idx, tname);
    return slot ? *slot : NULL;
}

int clua_object_gc(lua_State *L) {
    void **slot = (void **)lua_touserdata(L, 1);
    if (slot != NULL && *slot != NULL) {
        void *object = *slot;
        *slot = NULL;  // __gc may run again after resurrection; release once
        clua_Control *c = clua_control(L);
        int saved = c->enforce;
        c->enforce = 0;
        clua_release(object);
        c->enforce = saved;
    }
    return 0;
}
