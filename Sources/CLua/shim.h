// Swift cannot import Lua's function-like macros, nor LUA_REGISTRYINDEX (an expression), so this
// header re-declares them as static inline functions of the same meaning. Nothing here raises
// a Lua error unless the wrapped function does; what may raise is listed in DESIGN.md §2.1 and
// is called from Swift only inside a protected call.
#ifndef CLUA_SHIM_H
#define CLUA_SHIM_H

#include <lua.h>
#include <lauxlib.h>
#include <lualib.h>

/// LUA_REGISTRYINDEX is a macro expression.
static inline int clua_registryindex(void) { return LUA_REGISTRYINDEX; }
/// lua_upvalueindex is a macro.
static inline int clua_upvalueindex(int i) { return lua_upvalueindex(i); }

#undef lua_pop
/// lua_pop is a macro.
static inline void lua_pop(lua_State *L, int n) { lua_settop(L, -(n)-1); }
#undef lua_newtable
/// lua_newtable is a macro.
static inline void lua_newtable(lua_State *L) { lua_createtable(L, 0, 0); }
#undef lua_tostring
/// lua_tostring is a macro.
static inline const char *lua_tostring(lua_State *L, int i) { return lua_tolstring(L, i, NULL); }
#undef lua_tonumber
/// lua_tonumber is a macro.
static inline lua_Number lua_tonumber(lua_State *L, int i) { return lua_tonumberx(L, i, NULL); }
#undef lua_tointeger
/// lua_tointeger is a macro.
static inline lua_Integer lua_tointeger(lua_State *L, int i) { return lua_tointegerx(L, i, NULL); }
#undef lua_isnil
/// lua_isnil is a macro.
static inline int lua_isnil(lua_State *L, int i) { return lua_type(L, i) == LUA_TNIL; }
#undef lua_isnoneornil
/// lua_isnoneornil is a macro.
static inline int lua_isnoneornil(lua_State *L, int i) { return lua_type(L, i) <= 0; }
#undef lua_istable
/// lua_istable is a macro.
static inline int lua_istable(lua_State *L, int i) { return lua_type(L, i) == LUA_TTABLE; }
#undef lua_isfunction
/// lua_isfunction is a macro.
static inline int lua_isfunction(lua_State *L, int i) { return lua_type(L, i) == LUA_TFUNCTION; }
#undef lua_insert
/// lua_insert is a macro.
static inline void lua_insert(lua_State *L, int i) { lua_rotate(L, i, 1); }
#undef lua_remove
/// lua_remove is a macro.
static inline void lua_remove(lua_State *L, int i) { lua_rotate(L, i, -1); lua_settop(L, -2); }
#undef lua_replace
/// lua_replace is a macro.
static inline void lua_replace(lua_State *L, int i) { lua_copy(L, -1, i); lua_settop(L, -2); }
#undef lua_pushglobaltable
/// lua_pushglobaltable is a macro.
static inline void lua_pushglobaltable(lua_State *L) { lua_rawgeti(L, LUA_REGISTRYINDEX, LUA_RIDX_GLOBALS); }
#undef lua_pushcfunction
/// lua_pushcfunction is a macro.
static inline void lua_pushcfunction(lua_State *L, lua_CFunction f) { lua_pushcclosure(L, f, 0); }
#undef lua_isboolean
/// lua_isboolean is a macro.
static inline int lua_isboolean(lua_State *L, int i) { return lua_type(L, i) == LUA_TBOOLEAN; }

/// lua_gc is variadic: a full collection.
static inline void clua_fullgc(lua_State *L) { (void)lua_gc(L, LUA_GCCOLLECT); }

#endif
