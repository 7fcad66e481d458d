// Lua patterns (manual §6.4.1) for string.find, match, gmatch and gsub, written for Moonwire so
// that the run budget reaches them: the matcher counts its steps and looks at the kill flag
// every CLUA_KILL_CHECK_STEPS of them, so catastrophic backtracking stops at the budget like a
// Lua loop. Semantics and error messages follow stock Lua 5.4; tests compare with lua5.4.
#include "CLuaShims.h"
#include "control.h"

#include <ctype.h>
#include <limits.h>
#include <lauxlib.h>
#include <string.h>

#define PAT_ESC '%'
#define PAT_SPECIALS "^$*+?.([%-"
#define PAT_MAX_CAPTURES 32
#define PAT_MAX_DEPTH 200  // recursion of the matcher, as stock Lua's MAXCCALLS

// A capture's length while it is open, and the length that marks a position capture.
#define CAPTURE_OPEN (-1)
#define CAPTURE_POSITION (-2)

typedef struct Matcher {
    const char *subject;      // start of the subject
    const char *subject_end;  // one past its last byte
    const char *pattern_end;  // one past the pattern's last byte
    lua_State *L;
    clua_Control *control;
    unsigned countdown;       // steps left before the next look at the kill flag
    int depth;                // recursion left
    int level;                // captures opened so far
    struct {
        const char *start;
        ptrdiff_t length;
    } capture[PAT_MAX_CAPTURES];
} Matcher;

static void matcher_init(Matcher *m, lua_State *L, const char *s, size_t ls, const char *p, size_t lp) {
    m->subject = s;
    m->subject_end = s + ls;
    m->pattern_end = p + lp;
    m->L = L;
    m->control = clua_control(L);
    m->countdown = CLUA_KILL_CHECK_STEPS;
    m->depth = PAT_MAX_DEPTH;
    m->level = 0;
}

// Ready for a new attempt at another subject position.
static void matcher_restart(Matcher *m) {
    m->level = 0;
    m->depth = PAT_MAX_DEPTH;
}

static inline void matcher_step(Matcher *m) { clua_step(m->L, m->control, &m->countdown); }

// MARK: - Single characters and classes

// Does byte `c` belong to class letter `cl` (%a, %d, ...; an upper-case letter is the complement)?
static int class_matches(int c, int cl) {
    int yes;
    switch (tolower(cl)) {
        case 'a': yes = isalpha(c); break;
        case 'c': yes = iscntrl(c); break;
        case 'd': yes = isdigit(c); break;
        case 'g': yes = isgraph(c); break;
        case 'l': yes = islower(c); break;
        case 'p': yes = ispunct(c); break;
        case 's': yes = isspace(c); break;
        case 'u': yes = isupper(c); break;
        case 'w': yes = isalnum(c); break;
        case 'x': yes = isxdigit(c); break;
        case 'z': yes = c == 0; break;  // deprecated in the manual, still accepted by Lua 5.4
        default: return cl == c;  // %. %% %( ...: the character itself
    }
    if (isupper(cl)) yes = !yes;
    return yes != 0;
}

// One past the single-character item starting at `p` (a byte, %x, or a [set]).
static const char *item_end(Matcher *m, const char *p) {
    char first = *p++;
    if (first == PAT_ESC) {
        if (p >= m->pattern_end) luaL_error(m->L, "malformed pattern (ends with '%%')");
        return p + 1;
    }
    if (first != '[') return p;
    if (p < m->pattern_end && *p == '^') p++;
    // The first character of a set is never its end, even when it is ']'.
    do {
        if (p >= m->pattern_end) luaL_error(m->L, "malformed pattern (missing ']')");
        char c = *p++;
        if (c == PAT_ESC) {
            if (p >= m->pattern_end) luaL_error(m->L, "malformed pattern (missing ']')");
            p++;
        }
    } while (p >= m->pattern_end || *p != ']');
    return p + 1;
}

// Does byte `c` belong to the set spanning [set, end) where `end` points at its ']'?
static int set_matches(int c, const char *set, const char *end) {
    int negated = 0;
    set++;  // past '['
    if (*set == '^') {
        negated = 1;
        set++;
    }
    for (; set < end; set++) {
        if (*set == PAT_ESC) {
            set++;
            if (class_matches(c, (unsigned char)*set)) return !negated;
        } else if (set + 2 < end && set[1] == '-') {
            if ((unsigned char)set[0] <= c && c <= (unsigned char)set[2]) return !negated;
            set += 2;
        } else if ((unsigned char)*set == c) {
            return !negated;
        }
    }
    return negated;
}

// Does the subject byte at `s` match the item [p, ep)?
static int item_matches(Matcher *m, const char *s, const char *p, const char *ep) {
    if (s >= m->subject_end) return 0;
    int c = (unsigned char)*s;
    switch (*p) {
        case '.': return 1;
        case PAT_ESC: return class_matches(c, (unsigned char)p[1]);
        case '[': return set_matches(c, p, ep - 1);
        default: return (unsigned char)*p == c;
    }
}

// MARK: - The matcher

static const char *match_here(Matcher *m, const char *s, const char *p);

// %bxy: a balanced run from x to y, starting at `s`.
static const char *match_balance(Matcher *m, const char *s, const char *p) {
    if (p + 1 >= m->pattern_end) luaL_error(m->L, "malformed pattern (missing arguments to '%%b')");
    if (s >= m->subject_end || *s != p[0]) return NULL;
    char open = p[0], close = p[1];
    int depth = 1;
    while (++s < m->subject_end) {
        matcher_step(m);
        if (*s == close) {
            if (--depth == 0) return s + 1;
        } else if (*s == open) {
            depth++;
        }
    }
    return NULL;
}

// The longest run of `item` first, then shorter ones, until the rest matches.
static const char *match_greedy(Matcher *m, const char *s, const char *p, const char *ep) {
    ptrdiff_t count = 0;
    while (item_matches(m, s + count, p, ep)) {
        matcher_step(m);
        count++;
    }
    for (; count >= 0; count--) {
        matcher_step(m);
        const char *end = match_here(m, s + count, ep + 1);
        if (end != NULL) return end;
    }
    return NULL;
}

// The shortest run of `item` that lets the rest match.
static const char *match_lazy(Matcher *m, const char *s, const char *p, const char *ep) {
    for (;;) {
        matcher_step(m);
        const char *end = match_here(m, s, ep + 1);
        if (end != NULL) return end;
        if (!item_matches(m, s, p, ep)) return NULL;
        s++;
    }
}

static const char *open_capture(Matcher *m, const char *s, const char *p, ptrdiff_t length) {
    if (m->level >= PAT_MAX_CAPTURES) luaL_error(m->L, "too many captures");
    m->capture[m->level].start = s;
    m->capture[m->level].length = length;
    m->level++;
    const char *end = match_here(m, s, p);
    if (end == NULL) m->level--;  // undo on failure
    return end;
}

static const char *close_capture(Matcher *m, const char *s, const char *p) {
    int open = -1;
    for (int i = m->level - 1; i >= 0; i--) {
        if (m->capture[i].length == CAPTURE_OPEN) {
            open = i;
            break;
        }
    }
    if (open < 0) luaL_error(m->L, "invalid pattern capture");
    m->capture[open].length = s - m->capture[open].start;
    const char *end = match_here(m, s, p);
    if (end == NULL) m->capture[open].length = CAPTURE_OPEN;
    return end;
}

// %1-%9: the text of an earlier closed capture, again.
static const char *match_backreference(Matcher *m, const char *s, int digit) {
    int index = digit - '1';
    if (index < 0 || index >= m->level || m->capture[index].length == CAPTURE_OPEN)
        luaL_error(m->L, "invalid capture index %%%d", index + 1);
    size_t length = (size_t)m->capture[index].length;
    if ((size_t)(m->subject_end - s) >= length && memcmp(m->capture[index].start, s, length) == 0)
        return s + length;
    return NULL;
}

// Matches the pattern from `p` against the subject from `s`: one past the match's end, or NULL.
// Tail positions loop instead of recursing, so only real branching uses the depth.
static const char *match_here(Matcher *m, const char *s, const char *p) {
    if (m->depth-- == 0) luaL_error(m->L, "pattern too complex");
    for (;;) {
        matcher_step(m);
        if (p >= m->pattern_end) break;
        if (*p == '(') {
            s = p + 1 < m->pattern_end && p[1] == ')' ? open_capture(m, s, p + 2, CAPTURE_POSITION)
                                                      : open_capture(m, s, p + 1, CAPTURE_OPEN);
            break;
        }
        if (*p == ')') {
            s = close_capture(m, s, p + 1);
            break;
        }
        if (*p == '$' && p + 1 == m->pattern_end) {
            if (s != m->subject_end) s = NULL;
            break;
        }
        if (*p == PAT_ESC && p + 1 < m->pattern_end) {
            char next = p[1];
            if (next == 'b') {
                s = match_balance(m, s, p + 2);
                if (s == NULL) break;
                p += 4;
                continue;
            }
            if (next == 'f') {
                p += 2;
                if (p >= m->pattern_end || *p != '[') luaL_error(m->L, "missing '[' after '%%f' in pattern");
                const char *ep = item_end(m, p);
                int before = s == m->subject ? 0 : (unsigned char)s[-1];
                int here = s < m->subject_end ? (unsigned char)*s : 0;
                if (set_matches(before, p, ep - 1) || !set_matches(here, p, ep - 1)) {
                    s = NULL;
                    break;
                }
                p = ep;
                continue;
            }
            if (isdigit((unsigned char)next)) {
                s = match_backreference(m, s, (unsigned char)next);
                if (s == NULL) break;
                p += 2;
                continue;
            }
        }
        // A single-character item, maybe followed by a quantifier.
        const char *ep = item_end(m, p);
        char quantifier = ep < m->pattern_end ? *ep : '\0';
        if (!item_matches(m, s, p, ep)) {
            if (quantifier == '*' || quantifier == '?' || quantifier == '-') {
                p = ep + 1;  // zero occurrences are allowed
                continue;
            }
            s = NULL;
            break;
        }
        if (quantifier == '?') {
            const char *end = match_here(m, s + 1, ep + 1);
            if (end != NULL) {
                s = end;
                break;
            }
            p = ep + 1;
            continue;
        }
        if (quantifier == '+') {
            s = match_greedy(m, s + 1, p, ep);
            break;
        }
        if (quantifier == '*') {
            s = match_greedy(m, s, p, ep);
            break;
        }
        if (quantifier == '-') {
            s = match_lazy(m, s, p, ep);
            break;
        }
        s++;
        p = ep;
    }
    m->depth++;
    return s;
}

// MARK: - Captures

// Pushes capture `i` (or the whole match [s, e) when the pattern has none and i is 0).
static void push_capture(Matcher *m, int i, const char *s, const char *e) {
    if (i >= m->level) {
        if (i != 0) luaL_error(m->L, "invalid capture index %%%d", i + 1);
        lua_pushlstring(m->L, s, (size_t)(e - s));
        return;
    }
    ptrdiff_t length = m->capture[i].length;
    if (length == CAPTURE_OPEN) luaL_error(m->L, "unfinished capture");
    if (length == CAPTURE_POSITION)
        lua_pushinteger(m->L, (lua_Integer)(m->capture[i].start - m->subject) + 1);
    else
        lua_pushlstring(m->L, m->capture[i].start, (size_t)length);
}

// Pushes every capture, or the whole match if there are none and `s` is given; returns the count.
static int push_captures(Matcher *m, const char *s, const char *e) {
    int count = (m->level == 0 && s != NULL) ? 1 : m->level;
    luaL_checkstack(m->L, count, "too many captures");
    for (int i = 0; i < count; i++) push_capture(m, i, s, e);
    return count;
}

// MARK: - Library functions

// A 1-based, possibly negative, start position as a 0-based offset (may exceed the length).
static size_t start_offset(lua_Integer position, size_t length) {
    if (position > 0) return (size_t)position - 1;
    if (position == 0) return 0;
    if (position < -(lua_Integer)length) return 0;
    return length - (size_t)(-position);
}

static int has_specials(const char *p, size_t lp) {
    for (size_t i = 0; i < lp; i++)
        if (strchr(PAT_SPECIALS, p[i]) != NULL && p[i] != '\0') return 1;
    return 0;
}

// The first occurrence of [needle, +ln) in [hay, +lh), or NULL.
static const char *find_plain(lua_State *L, const char *hay, size_t lh, const char *needle, size_t ln) {
    if (ln == 0) return hay;
    if (ln > lh) return NULL;
    clua_Control *c = clua_control(L);
    const char *last = hay + (lh - ln);
    for (const char *at = hay; at <= last; at++) {
        at = memchr(at, needle[0], (size_t)(last - at) + 1);
        if (at == NULL) return NULL;
        // Each candidate may compare ln bytes (a 2 MB needle over a 4 MB subject of the same
        // byte runs for minutes), so the kill flag is read at every one, not every 1024 steps.
        if (atomic_load_explicit(&c->killed, memory_order_relaxed)) clua_raise_kill(L);
        if (memcmp(at + 1, needle + 1, ln - 1) == 0) return at;
    }
    return NULL;
}

static int find_or_match(lua_State *L, int find) {
    size_t ls, lp;
    const char *s = luaL_checklstring(L, 1, &ls);
    const char *p = luaL_checklstring(L, 2, &lp);
    size_t init = start_offset(luaL_optinteger(L, 3, 1), ls);
    if (init > ls) {
        luaL_pushfail(L);
        return 1;
    }
    if (find && (lua_toboolean(L, 4) || !has_specials(p, lp))) {
        const char *at = find_plain(L, s + init, ls - init, p, lp);
        if (at == NULL) {
            luaL_pushfail(L);
            return 1;
        }
        lua_pushinteger(L, (lua_Integer)(at - s) + 1);
        lua_pushinteger(L, (lua_Integer)(at - s) + (lua_Integer)lp);
        return 2;
    }
    int anchored = lp > 0 && *p == '^';
    if (anchored) {
        p++;
        lp--;
    }
    Matcher m;
    matcher_init(&m, L, s, ls, p, lp);
    const char *at = s + init;
    for (;;) {
        matcher_restart(&m);
        const char *end = match_here(&m, at, p);
        if (end != NULL) {
            if (!find) return push_captures(&m, at, end);
            lua_pushinteger(L, (lua_Integer)(at - s) + 1);
            lua_pushinteger(L, (lua_Integer)(end - s));
            return push_captures(&m, NULL, NULL) + 2;
        }
        if (anchored || at >= m.subject_end) break;
        at++;
    }
    luaL_pushfail(L);
    return 1;
}

static int bounded_find(lua_State *L) { return find_or_match(L, 1); }
static int bounded_match(lua_State *L) { return find_or_match(L, 0); }

// The state of one gmatch iteration, a userdata kept as the iterator's upvalue.
typedef struct GmatchState {
    const char *next;        // where the next attempt starts
    const char *last_match;  // end of the last match, so an empty match is not repeated there
    Matcher matcher;
} GmatchState;

static int gmatch_step(lua_State *L) {
    GmatchState *g = (GmatchState *)lua_touserdata(L, lua_upvalueindex(3));
    size_t lp;
    const char *p = lua_tolstring(L, lua_upvalueindex(2), &lp);
    Matcher *m = &g->matcher;
    m->L = L;  // the iterator may be called from another coroutine than the one that made it
    for (const char *at = g->next; at <= m->subject_end; at++) {
        matcher_restart(m);
        const char *end = match_here(m, at, p);
        if (end != NULL && end != g->last_match) {
            g->next = g->last_match = end;
            return push_captures(m, at, end);
        }
    }
    return 0;
}

static int bounded_gmatch(lua_State *L) {
    size_t ls, lp;
    const char *s = luaL_checklstring(L, 1, &ls);
    const char *p = luaL_checklstring(L, 2, &lp);
    size_t init = start_offset(luaL_optinteger(L, 3, 1), ls);
    if (init > ls) init = ls + 1;  // past the end: no match at all
    lua_settop(L, 2);
    GmatchState *g = (GmatchState *)lua_newuserdatauv(L, sizeof(GmatchState), 0);
    matcher_init(&g->matcher, L, s, ls, p, lp);
    g->next = s + init;
    g->last_match = NULL;
    lua_pushcclosure(L, gmatch_step, 3);  // subject and pattern stay alive as upvalues
    return 1;
}

// Appends the replacement string (argument 3) for the match [s, e), expanding %0-%9 and %%.
static void append_template(Matcher *m, luaL_Buffer *b, const char *s, const char *e) {
    lua_State *L = m->L;
    size_t length;
    const char *t = lua_tolstring(L, 3, &length);
    const char *end = t + length;
    while (t < end) {
        matcher_step(m);
        const char *escape = memchr(t, PAT_ESC, (size_t)(end - t));
        if (escape == NULL) {
            luaL_addlstring(b, t, (size_t)(end - t));
            break;
        }
        luaL_addlstring(b, t, (size_t)(escape - t));
        t = escape + 1;
        if (t >= end) luaL_error(L, "invalid use of '%c' in replacement string", PAT_ESC);
        char c = *t++;
        if (c == PAT_ESC) {
            luaL_addchar(b, PAT_ESC);
        } else if (c == '0') {
            luaL_addlstring(b, s, (size_t)(e - s));
        } else if (isdigit((unsigned char)c)) {
            push_capture(m, c - '1', s, e);
            luaL_addvalue(b);  // converts a position capture's number
        } else {
            luaL_error(L, "invalid use of '%c' in replacement string", PAT_ESC);
        }
    }
}

// Appends the replacement for the match [s, e): from the template, the table, or the function.
// Returns 0 when the match was kept as it was (the table or function gave nil or false).
static int append_replacement(Matcher *m, luaL_Buffer *b, const char *s, const char *e, int kind) {
    lua_State *L = m->L;
    if (kind == LUA_TSTRING || kind == LUA_TNUMBER) {
        append_template(m, b, s, e);
        return 1;
    }
    if (kind == LUA_TFUNCTION) {
        lua_pushvalue(L, 3);
        int n = push_captures(m, s, e);
        lua_call(L, n, 1);
    } else {
        push_capture(m, 0, s, e);
        lua_gettable(L, 3);
    }
    if (!lua_toboolean(L, -1)) {  // nil or false: keep the original text
        lua_pop(L, 1);
        luaL_addlstring(b, s, (size_t)(e - s));
        return 0;
    }
    if (!lua_isstring(L, -1)) return luaL_error(L, "invalid replacement value (a %s)", luaL_typename(L, -1));
    luaL_addvalue(b);
    return 1;
}

static int bounded_gsub(lua_State *L) {
    size_t ls, lp;
    const char *s = luaL_checklstring(L, 1, &ls);
    const char *p = luaL_checklstring(L, 2, &lp);
    int kind = lua_type(L, 3);
    lua_Integer limit = luaL_optinteger(L, 4, (lua_Integer)ls + 1);
    luaL_argexpected(L, kind == LUA_TNUMBER || kind == LUA_TSTRING || kind == LUA_TFUNCTION || kind == LUA_TTABLE,
                     3, "string/function/table");
    int anchored = lp > 0 && *p == '^';
    if (anchored) {
        p++;
        lp--;
    }
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    Matcher m;
    matcher_init(&m, L, s, ls, p, lp);
    const char *at = s, *last_match = NULL;
    lua_Integer count = 0;
    int changed = 0;
    while (count < limit) {
        matcher_restart(&m);
        const char *end = match_here(&m, at, p);
        if (end != NULL && end != last_match) {
            count++;
            changed |= append_replacement(&m, &b, at, end, kind);
            at = last_match = end;
        } else if (at < m.subject_end) {
            luaL_addchar(&b, *at++);
        } else {
            break;
        }
        if (anchored) break;
    }
    if (!changed) {
        lua_pushvalue(L, 1);  // nothing replaced: the subject itself, not a copy
    } else {
        luaL_addlstring(&b, at, (size_t)(m.subject_end - at));
        luaL_pushresult(&b);
    }
    lua_pushinteger(L, count);
    return 2;
}

// MARK: - string.rep

// string.rep(s, n [, sep]): the result's size is known before any work, so an empty result is
// returned at once (stock Lua loops n times to append nothing) and a huge one is refused by the
// allocator's ceiling before a byte is copied. The copy doubles what is already written.
static int bounded_rep(lua_State *L) {
    size_t l, lsep;
    const char *s = luaL_checklstring(L, 1, &l);
    lua_Integer n = luaL_checkinteger(L, 2);
    const char *sep = luaL_optlstring(L, 3, "", &lsep);
    if (n <= 0 || l + lsep == 0) {
        lua_pushliteral(L, "");
        return 1;
    }
    // Stock Lua's bound on a string it builds (INT_MAX bytes), checked before anything is copied.
    const size_t max = (size_t)INT_MAX;
    if (l + lsep < l || l + lsep > max / (size_t)n) return luaL_error(L, "resulting string too large");
    size_t unit = l + lsep;
    size_t total = (size_t)n * unit - lsep;
    luaL_Buffer b;
    char *out = luaL_buffinitsize(L, &b, total);
    memcpy(out, s, l);
    // With n == 1 the result is s alone: the buffer holds `total` == l bytes, no room for sep.
    if (n > 1 && lsep > 0) memcpy(out + l, sep, lsep);
    size_t written = n > 1 ? unit : total;  // one s..sep (or just s when n is 1)
    while (written < total) {
        size_t chunk = written < total - written ? written : total - written;
        memcpy(out + written, out, chunk);
        written += chunk;
    }
    luaL_pushresultsize(&b, total);
    return 1;
}

// MARK: - Installation

int clua_open_bounded_strings(lua_State *L);

int clua_open_bounded_strings(lua_State *L) {
    static const luaL_Reg functions[] = {
        {"find", bounded_find}, {"match", bounded_match}, {"gmatch", bounded_gmatch},
        {"gsub", bounded_gsub}, {"rep", bounded_rep}, {NULL, NULL},
    };
    lua_getglobal(L, "string");
    luaL_setfuncs(L, functions, 0);
    lua_pop(L, 1);
    return 0;
}
