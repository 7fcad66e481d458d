// table.move, insert, remove and sort written for Moonwire: their loops can run for as long as
// a range or a __len metamethod says (table.move({}, 1, 1 << 50, 2) touches no memory and never
// ends; a sort by C comparisons of 2^31 elements runs for minutes), so they look at the kill
// flag as they go. Semantics and error messages
// follow stock Lua 5.4 (manual §6.6).
#include "CLuaShims.h"
#include "control.h"

#include <lauxlib.h>
#include <limits.h>

enum { NEEDS_READ = 1, NEEDS_WRITE = 2, NEEDS_LENGTH = 4 };

static int has_metafield(lua_State *L, int arg, const char *name) {
    if (luaL_getmetafield(L, arg, name) == LUA_TNIL) return 0;
    lua_pop(L, 1);
    return 1;
}

// Argument `arg` must be a table, or have the metamethods that stand in for what is needed.
static void check_table_like(lua_State *L, int arg, int needs) {
    if (lua_type(L, arg) == LUA_TTABLE) return;
    int ok = (!(needs & NEEDS_READ) || has_metafield(L, arg, "__index"))
        && (!(needs & NEEDS_WRITE) || has_metafield(L, arg, "__newindex"))
        && (!(needs & NEEDS_LENGTH) || has_metafield(L, arg, "__len"));
    if (!ok) luaL_checktype(L, arg, LUA_TTABLE);  // raises the usual "table expected" error
}

static lua_Integer length_of(lua_State *L, int arg, int needs) {
    check_table_like(L, arg, needs | NEEDS_LENGTH);
    return luaL_len(L, arg);
}

// table.move(a1, f, e, t [, a2])
static int bounded_move(lua_State *L) {
    lua_Integer first = luaL_checkinteger(L, 2);
    lua_Integer last = luaL_checkinteger(L, 3);
    lua_Integer to = luaL_checkinteger(L, 4);
    int target = lua_isnoneornil(L, 5) ? 1 : 5;
    check_table_like(L, 1, NEEDS_READ);
    check_table_like(L, target, NEEDS_WRITE);
    if (last >= first) {
        luaL_argcheck(L, first > 0 || last < LUA_MAXINTEGER + first, 3, "too many elements to move");
        lua_Integer n = last - first;  // one less than the count
        luaL_argcheck(L, to <= LUA_MAXINTEGER - n, 4, "destination wrap around");
        clua_Control *c = clua_control(L);
        unsigned countdown = CLUA_KILL_CHECK_STEPS;
        // Copy backwards when the ranges overlap with the destination after the source.
        int forward = to > last || to <= first || (target != 1 && !lua_compare(L, 1, target, LUA_OPEQ));
        for (lua_Integer i = 0; i <= n; i++) {
            clua_step(L, c, &countdown);
            lua_Integer k = forward ? i : n - i;
            lua_geti(L, 1, first + k);
            lua_seti(L, target, to + k);
        }
    }
    lua_pushvalue(L, target);
    return 1;
}

// table.insert(t, [pos,] value)
static int bounded_insert(lua_State *L) {
    lua_Integer end = luaL_intop(+, length_of(L, 1, NEEDS_READ | NEEDS_WRITE), 1);  // first empty slot
    lua_Integer position;
    switch (lua_gettop(L)) {
        case 2: position = end; break;
        case 3: {
            position = luaL_checkinteger(L, 2);
            luaL_argcheck(L, (lua_Unsigned)position - 1u < (lua_Unsigned)end, 2, "position out of bounds");
            clua_Control *c = clua_control(L);
            unsigned countdown = CLUA_KILL_CHECK_STEPS;
            for (lua_Integer i = end; i > position; i--) {  // shift up
                clua_step(L, c, &countdown);
                lua_geti(L, 1, i - 1);
                lua_seti(L, 1, i);
            }
            break;
        }
        default: return luaL_error(L, "wrong number of arguments to 'insert'");
    }
    lua_seti(L, 1, position);
    return 0;
}

// table.remove(t [, pos])
static int bounded_remove(lua_State *L) {
    lua_Integer size = length_of(L, 1, NEEDS_READ | NEEDS_WRITE);
    lua_Integer position = luaL_optinteger(L, 2, size);
    if (position != size)
        luaL_argcheck(L, (lua_Unsigned)position - 1u <= (lua_Unsigned)size, 1, "position out of bounds");
    lua_geti(L, 1, position);
    clua_Control *c = clua_control(L);
    unsigned countdown = CLUA_KILL_CHECK_STEPS;
    for (; position < size; position++) {  // shift down
        clua_step(L, c, &countdown);
        lua_geti(L, 1, position + 1);
        lua_seti(L, 1, position);
    }
    lua_pushnil(L);
    lua_seti(L, 1, position);
    return 1;
}

// MARK: - table.sort

typedef struct Sorter {
    lua_State *L;
    clua_Control *control;
    unsigned countdown;
    int has_comparator;  // argument 2 is the order function; otherwise `<`
} Sorter;

// Is the value at stack index `a` less than the one at `b` (absolute indices)?
static int sort_less(Sorter *s, int a, int b) {
    lua_State *L = s->L;
    clua_step(L, s->control, &s->countdown);
    if (!s->has_comparator) return lua_compare(L, a, b, LUA_OPLT);
    lua_pushvalue(L, 2);
    lua_pushvalue(L, a);
    lua_pushvalue(L, b);
    lua_call(L, 2, 1);
    int less = lua_toboolean(L, -1);
    lua_pop(L, 1);
    return less;
}

// t[i] = the value on top, t[j] = the value below it; pops both.
static void sort_set2(lua_State *L, lua_Integer i, lua_Integer j) {
    lua_seti(L, 1, i);
    lua_seti(L, 1, j);
}

static int sort_invalid(lua_State *L) { return luaL_error(L, "invalid order function for sorting"); }

// Quicksort of t[lo..hi] with the median of three as pivot; recursion only on the smaller part.
static void sort_range(Sorter *s, lua_Integer lo, lua_Integer hi) {
    lua_State *L = s->L;
    while (lo < hi) {
        lua_geti(L, 1, lo);
        lua_geti(L, 1, hi);
        int top = lua_gettop(L);
        if (sort_less(s, top, top - 1)) sort_set2(L, lo, hi);  // t[hi] < t[lo]: swap them
        else lua_pop(L, 2);
        if (hi - lo == 1) return;
        lua_Integer mid = lo + (hi - lo) / 2;
        lua_geti(L, 1, mid);
        lua_geti(L, 1, lo);
        top = lua_gettop(L);
        if (sort_less(s, top - 1, top)) {  // t[mid] < t[lo]
            sort_set2(L, mid, lo);
        } else {
            lua_pop(L, 1);
            lua_geti(L, 1, hi);
            top = lua_gettop(L);
            if (sort_less(s, top, top - 1)) sort_set2(L, mid, hi);  // t[hi] < t[mid]
            else lua_pop(L, 2);
        }
        if (hi - lo == 2) return;
        // The pivot goes to hi - 1 and stays on the stack while the range is partitioned.
        lua_geti(L, 1, mid);
        lua_pushvalue(L, -1);
        lua_geti(L, 1, hi - 1);
        sort_set2(L, mid, hi - 1);
        int pivot = lua_gettop(L);
        lua_Integer i = lo, j = hi - 1;
        for (;;) {
            for (;;) {  // up while t[i] < pivot
                lua_geti(L, 1, ++i);
                if (!sort_less(s, lua_gettop(L), pivot)) break;
                if (i == hi - 1) sort_invalid(L);
                lua_pop(L, 1);
            }
            for (;;) {  // down while pivot < t[j]
                lua_geti(L, 1, --j);
                if (!sort_less(s, pivot, lua_gettop(L))) break;
                if (j < i) sort_invalid(L);
                lua_pop(L, 1);
            }
            if (j < i) {
                lua_pop(L, 1);
                sort_set2(L, hi - 1, i);  // the pivot lands at i; nothing is left on the stack
                break;
            }
            sort_set2(L, i, j);
        }
        if (i - lo < hi - i) {
            sort_range(s, lo, i - 1);
            lo = i + 1;
        } else {
            sort_range(s, i + 1, hi);
            hi = i - 1;
        }
    }
}

// table.sort(t [, comp])
static int bounded_sort(lua_State *L) {
    lua_Integer n = length_of(L, 1, NEEDS_READ | NEEDS_WRITE);
    if (n > 1) {
        luaL_argcheck(L, n < INT_MAX, 1, "array too big");
        if (!lua_isnoneornil(L, 2)) luaL_checktype(L, 2, LUA_TFUNCTION);
        lua_settop(L, 2);
        Sorter s = {L, clua_control(L), CLUA_KILL_CHECK_STEPS, !lua_isnil(L, 2)};
        sort_range(&s, 1, n);
    }
    return 0;
}

int clua_open_bounded_strings(lua_State *L);

int clua_open_bounded_library(lua_State *L) {
    static const luaL_Reg functions[] = {
        {"move", bounded_move}, {"insert", bounded_insert}, {"remove", bounded_remove}, {"sort", bounded_sort},
        {NULL, NULL},
    };
    lua_getglobal(L, "table");
    luaL_setfuncs(L, functions, 0);
    lua_pop(L, 1);
    return clua_open_bounded_strings(L);
}
