// table.move, table.insert and table.remove written for Moonwire: their loops can run for as
// long as a range or a __len metamethod says (table.move({}, 1, 1 << 50, 2) touches no memory
// and never ends), so they look at the kill flag as they go. Semantics and error messages
// follow stock Lua 5.4 (manual §6.6).
#include "CLuaShims.h"
#include "control.h"

#include <lauxlib.h>

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

int clua_open_bounded_strings(lua_State *L);

int clua_open_bounded_library(lua_State *L) {
    static const luaL_Reg functions[] = {
        {"move", bounded_move}, {"insert", bounded_insert}, {"remove", bounded_remove}, {NULL, NULL},
    };
    lua_getglobal(L, "table");
    luaL_setfuncs(L, functions, 0);
    lua_pop(L, 1);
    return clua_open_bounded_strings(L);
}
