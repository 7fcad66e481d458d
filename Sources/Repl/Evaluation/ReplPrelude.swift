/// The REPL's Lua half, run once per state with the real globals (it needs `debug` to describe
/// functions and find metatables). It returns the functions the host calls:
/// - `eval(f)` calls a compiled chunk and renders its results (nil when there are none), so
///   rendering is part of the run: a `__tostring` that loops is interrupted like the chunk;
/// - `complete(env, text)` returns the word being completed and its candidates;
/// - `install(env, emit, session)` adds the operator helpers to a session's environment and,
///   when `emit` is given, a `print` that sends to `emit(session, text)` (an attached session).
/// Kept in Lua so it walks tables without copying them into Swift, where a cycle would be refused.
enum ReplPrelude {
    static let source = #"""
    local type, tostring, pcall, next, select, rawget, rawequal = type, tostring, pcall, next, select, rawget, rawequal
    local ipairs, error = ipairs, error
    local getmetatable, getinfo = debug.getmetatable, debug.getinfo
    local concat, sort, pack, unpack = table.concat, table.sort, table.pack, table.unpack
    local format, date = string.format, os.date
    local mtype = math.type

    local MAX_ITEMS = 30    -- sequence entries shown before "... (n more)"
    local MAX_FIELDS = 60   -- other entries shown before "... (n more)"
    local MAX_DEPTH = 6     -- nesting shown before "{...}"
    local WIDTH = 78        -- a table fitting in this many columns prints on one line

    local KEYWORDS = {}
    for w in ([[and break do else elseif end false for function goto if in local nil not or
                repeat return then true until while]]):gmatch("%a+") do KEYWORDS[w] = true end

    local function is_name(k)
      return type(k) == "string" and k:match("^[%a_][%w_]*$") ~= nil and not KEYWORDS[k]
    end

    local ESCAPES = { ['"'] = '\\"', ["\\"] = "\\\\", ["\n"] = "\\n", ["\r"] = "\\r", ["\t"] = "\\t" }
    local function quote(s)
      return '"' .. (s:gsub('[%c"\\]', function(c) return ESCAPES[c] or format("\\%03d", c:byte()) end)) .. '"'
    end

    local function describe_function(f)
      local info = getinfo(f, "S")
      -- The sandbox's own Lua wrappers (print, require...) are builtins to the user too.
      if info.what == "C" or info.source:find("^=moonwire") or info.source == "=(repl)" then
        return tostring(f) .. " (builtin)"
      end
      return tostring(f) .. " (" .. info.short_src .. ":" .. info.linedefined .. ")"
    end

    local function safe_tostring(v)
      local ok, s = pcall(tostring, v)
      if ok and type(s) == "string" then return s end
      return "<" .. type(v) .. ": __tostring failed: " .. tostring(s) .. ">"
    end

    -- Numbers first (by value), then strings, then the rest (by their text).
    local ORDER = { number = 1, string = 2, boolean = 3 }
    local function key_less(a, b)
      local ta, tb = ORDER[type(a)] or 4, ORDER[type(b)] or 4
      if ta ~= tb then return ta < tb end
      if ta == 1 or ta == 2 then return a < b end
      return tostring(a) < tostring(b)
    end

    local render

    local function render_key(k, ancestors, depth)
      if is_name(k) then return k end
      return "[" .. render(k, "", ancestors, depth) .. "]"
    end

    local function render_table(t, indent, ancestors, depth)
      if ancestors[t] then return "<cycle>" end
      if depth >= MAX_DEPTH then return "{...}" end
      ancestors[t] = true
      local entries = {}
      local seq = 0
      while seq < MAX_ITEMS and rawget(t, seq + 1) ~= nil do
        seq = seq + 1
        entries[seq] = render(rawget(t, seq), indent .. "  ", ancestors, depth + 1)
      end
      local total = seq
      while rawget(t, total + 1) ~= nil do total = total + 1 end
      if total > seq then entries[#entries + 1] = "... (" .. (total - seq) .. " more)" end
      local keys, extra = {}, 0
      for k in next, t do
        if not (mtype(k) == "integer" and k >= 1 and k <= total) then
          if #keys < MAX_FIELDS then keys[#keys + 1] = k else extra = extra + 1 end
        end
      end
      sort(keys, key_less)
      for _, k in ipairs(keys) do
        entries[#entries + 1] = render_key(k, ancestors, depth + 1) .. " = "
          .. render(rawget(t, k), indent .. "  ", ancestors, depth + 1)
      end
      if extra > 0 then entries[#entries + 1] = "... (" .. extra .. " more)" end
      ancestors[t] = nil
      if #entries == 0 then return "{}" end
      local line = "{ " .. concat(entries, ", ") .. " }"
      local multiline = line:find("\n", 1, true) ~= nil
      if #indent + #line <= WIDTH and not multiline then return line end
      local inner = indent .. "  "
      if #keys == 0 and not multiline then
        -- A list of short values: as many per line as fit.
        local rows, row = {}, entries[1]
        for i = 2, #entries do
          if #inner + #row + 2 + #entries[i] + 1 > WIDTH then
            rows[#rows + 1] = row
            row = entries[i]
          else
            row = row .. ", " .. entries[i]
          end
        end
        rows[#rows + 1] = row
        return "{\n" .. inner .. concat(rows, ",\n" .. inner) .. "\n" .. indent .. "}"
      end
      return "{\n" .. inner .. concat(entries, ",\n" .. inner) .. "\n" .. indent .. "}"
    end

    render = function(v, indent, ancestors, depth)
      local t = type(v)
      if t == "string" then return quote(v) end
      if t == "table" then return render_table(v, indent, ancestors, depth) end
      if t == "function" then return describe_function(v) end
      if t == "number" or t == "boolean" or t == "nil" then return tostring(v) end
      return safe_tostring(v)  -- userdata (by __tostring), threads
    end

    -- All results on one line separated by tabs, as lua.c prints them, unless one spans lines.
    local function render_results(r)
      if r.n == 0 then return nil end
      local parts, multiline = {}, false
      for i = 1, r.n do
        parts[i] = render(r[i], "", {}, 0)
        multiline = multiline or parts[i]:find("\n", 1, true) ~= nil
      end
      return concat(parts, multiline and "\n" or "\t", 1, r.n)
    end

    -- Called through a call's result, so a traceback names the chunk "main chunk" as lua.c does
    -- (calling a local would name it "local 'f'").
    local function same(f) return f end
    local function eval(f)
      return render_results(pack(same(f)()))
    end

    -- Completion ----------------------------------------------------------------------------

    -- t[name] without calling metamethods: raw, then __index tables (objects' methods).
    local function lookup(v, name)
      for _ = 1, 8 do
        if type(v) == "table" then
          local found = rawget(v, name)
          if found ~= nil then return found end
        end
        local mt = getmetatable(v)
        local index = type(mt) == "table" and rawget(mt, "__index") or nil
        if type(index) ~= "table" then return nil end
        v = index
      end
      return nil
    end

    local function add_names(v, into)
      for _ = 1, 8 do
        if type(v) == "table" then
          for k, x in next, v do
            if is_name(k) and into[k] == nil then into[k] = x end
          end
        end
        local mt = getmetatable(v)
        local index = type(mt) == "table" and rawget(mt, "__index") or nil
        if type(index) ~= "table" then return end
        v = index
      end
    end

    local function complete(env, text)
      local word = text:match("[%w_%.:]*$")
      local base, sep, stem = word:match("^(.-)([%.:])([%w_]*)$")
      local names = {}
      if base == nil then
        stem = word
        add_names(env, names)
        for k in next, KEYWORDS do names[k] = names[k] or true end
      else
        if base == "" or base:find(":", 1, true) then return word, {} end
        local v = env
        for part in (base .. "."):gmatch("([^%.]*)%.") do
          if not is_name(part) then return word, {} end
          v = lookup(v, part)
          if v == nil then return word, {} end
        end
        add_names(v, names)
      end
      local found = {}
      for k, x in next, names do
        if k:sub(1, #stem) == stem and (sep ~= ":" or type(x) == "function") then
          found[#found + 1] = (base or "") .. (sep or "") .. k
        end
      end
      sort(found)
      return word, found
    end

    -- Operator helpers ----------------------------------------------------------------------

    local HELP = [[
    Moonwire REPL: Lua 5.4 with the Moonwire bindings (sms, rcs, clock, on, stops, contacts,
    lists, templates, policy, flows, schedule, sandbox, credits, moonwire). An expression prints its value (1+1, =x); a chunk
    that is not finished continues on a ">>" prompt.

      help()        this text
      plugins()     the plugins loaded, their handlers, or why one failed
      runs([all])   flow runs still live (active, sleeping, waiting) with their next wake-up
                    ("all": finished ones too)
      pending([n])  outbox rows waiting to go out (pending) or held by the send window (deferred)
      inbox([n])    the last n inbound messages (default 10), oldest first
      advance(d)    sandbox: move the virtual clock forward ("3d", "2h30m"), firing what falls due

    The data behind them: moonwire.plugins(), moonwire.outbox{status=, limit=},
    moonwire.inbox(n), flows.list{status=}, clock.now().
    Keys: Tab completes names and fields, Up/Down walk the history, Ctrl-R searches it,
    Ctrl-C interrupts a running chunk (or clears the line), Ctrl-D on an empty line exits.]]


    local function when(t)
      if type(t) == "number" then return date("!%Y-%m-%d %H:%M:%S", t // 1) end
      if t == nil then return "-" end
      -- ISO 8601 in UTC, as bindings give instants: shown like the numbers above.
      local iso = tostring(t):match("^(%d%d%d%d%-%d%d%-%d%dT%d%d:%d%d:%d%d)[.%d]*Z$")
      return iso and (iso:gsub("T", " ")) or tostring(t)
    end

    local function short(s, n)
      s = tostring(s):gsub("%s+", " ")
      local length = utf8.len(s)
      if length and length > n then return s:sub(1, utf8.offset(s, n) - 1) .. "…" end
      return s
    end

    local function install(env, emit, session)
      local print = env.print
      if emit then
        print = function(...)
          local n = select("#", ...)
          local parts = {}
          for i = 1, n do parts[i] = tostring((select(i, ...))) end
          emit(session, concat(parts, "\t", 1, n) .. "\n")
        end
        env.print = print
      end
      local moonwire = env.moonwire

      env.help = function() print(HELP) end

      env.plugins = function()
        local list = moonwire.plugins()
        if #list == 0 then
          print("no plugins loaded (give a directory with --plugins DIR)")
          return
        end
        for _, p in ipairs(list) do
          if p.loaded then
            print(format("  %-24s loaded, %d handler%s", p.name, p.handlers, p.handlers == 1 and "" or "s"))
          else
            print(format("  %-24s FAILED: %s", p.name, p.error))
          end
        end
      end

      env.pending = function(n)
        local rows = moonwire.outbox{ status = { "pending", "deferred" }, limit = n or 50 }
        if #rows == 0 then
          print("nothing waiting in the outbox")
          return
        end
        print(format("  %-6s %-9s %-19s %-16s %s", "id", "status", "not before (UTC)", "to", "body"))
        for i = #rows, 1, -1 do
          local r = rows[i]
          print(format("  %-6d %-9s %-19s %-16s %s", r.id, r.status, when(r.not_before), r.to, short(r.body, 40)))
        end
        print(#rows .. " row" .. (#rows == 1 and "" or "s"))
      end

      env.inbox = function(n)
        local rows = moonwire.inbox(n or 10)
        if #rows == 0 then
          print("no inbound messages yet")
          return
        end
        print(format("  %-6s %-19s %-16s %-8s %s", "id", "received (UTC)", "from", "status", "body"))
        for i = #rows, 1, -1 do
          local r = rows[i]
          print(format("  %-6d %-19s %-16s %-8s %s", r.id, when(r.at), r.from, r.status, short(r.body, 40)))
        end
      end

      env.runs = function(which)
        local LIMIT = 1000
        local live = { "active", "sleeping", "waiting" }
        local list = rawget(env, "flows").list{ status = which ~= "all" and live or nil, limit = LIMIT }
        if #list == 0 then
          print(which == "all" and "no flow runs" or "no active flow runs")
          return
        end
        print(format("  %-6s %-16s %-16s %-10s %s", "id", "flow", "phone", "status", "next wake-up (UTC)"))
        for _, r in ipairs(list) do
          print(format("  %-6s %-16s %-16s %-10s %s", tostring(r.id), tostring(r.flow),
            tostring(r.phone), tostring(r.status), when(r.next_wake)))
        end
        if #list == LIMIT then print("(the newest " .. LIMIT .. " shown: flows.list{} filters by flow and phone)") end
      end

      env.advance = function(d)
        local clock = rawget(env, "clock")
        local r = pack(clock.advance(d))
        if r[1] ~= nil then
          print("now " .. when(clock.now()) .. " UTC")
          return
        end
        return unpack(r, 1, r.n)
      end
    end

    return { eval = eval, complete = complete, install = install }
    """#
}
