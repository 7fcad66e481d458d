/// The Lua half of the sandbox (DESIGN.md §2.3). Run once per state with the real globals, it
/// sanitises the shared string library and returns the factory of sandbox environments. Kept
/// in Lua because these wrappers must be Lua functions: a host yield has to pass through them.
enum LuaSandboxPrelude {
    static let source = #"""
    local marker, coresume, killed, host_loadfile, host_write, coclose = ...
    local G = _G
    local type, error, select, tostring, pairs, ipairs = type, error, select, tostring, pairs, ipairs
    local rawget, rawequal = rawget, rawequal
    local pack, unpack, concat = table.pack, table.unpack, table.concat
    local raw_load, raw_setmetatable, raw_xpcall, raw_collect = load, setmetatable, xpcall, collectgarbage
    local co_create, co_yield, co_status = coroutine.create, coroutine.yield, coroutine.status
    local co_isyieldable, co_close, co_running = coroutine.isyieldable, coclose, coroutine.running

    -- Every string reaches the real string table through the shared metatable, so sanitise that
    -- table itself and hide the metatable from scripts.
    string.dump = nil
    local string_mt = getmetatable("")
    string_mt.__metatable = "string"

    local function copy(t)
      local c = {}
      for k, v in pairs(t) do c[k] = v end
      return c
    end

    local SUSPEND_HINT = "cannot suspend here: this coroutine was resumed from a place Lua cannot "
      .. "yield from (a table.sort comparator, a string.gsub callback, a metamethod called from C, "
      .. "or the top level of a required module); call it from the script or handler body instead"

    -- coroutine.resume that lets a host yield (the marker) pass through to the host, then hands
    -- the host's answer back to the inner coroutine (the way OpenResty wraps the coroutine API).
    local function resume(co, ...)
      if type(co) ~= "thread" then
        error("bad argument #1 to 'resume' (thread expected, got " .. type(co) .. ")", 2)
      end
      local r = pack(coresume(co, ...))
      while r[1] and r.n == 2 and rawequal(r[2], marker) and co_status(co) == "suspended" do
        if not co_isyieldable() then error(SUSPEND_HINT, 2) end
        r = pack(coresume(co, co_yield(marker)))
      end
      return unpack(r, 1, r.n)
    end

    local function wrap(f)
      local co = co_create(f)
      return function(...)
        local r = pack(resume(co, ...))
        if r[1] then return unpack(r, 2, r.n) end
        local err = r[2]
        if co_status(co) == "dead" then
          -- Its pending __close handlers run now; one that raises replaces the error (stock Lua).
          local closed, close_err = co_close(co)
          if not closed then err = close_err end
        end
        if type(err) == "string" then error(err, 2) end
        error(err, 0)
      end
    end

    local coroutine_lib = {
      create = co_create, resume = resume, wrap = wrap, yield = co_yield, status = co_status,
      isyieldable = co_isyieldable, close = co_close, running = co_running,
    }

    -- A user message handler must not run once a run is being stopped: it would run with hooks
    -- off (inside the kill hook's error) and could loop forever.
    local function xpcall_(f, handler, ...)
      if type(handler) ~= "function" then
        error("bad argument #2 to 'xpcall' (function expected, got " .. type(handler) .. ")", 2)
      end
      return raw_xpcall(f, function(e)
        if killed() then return e end
        return handler(e)
      end, ...)
    end

    -- Finalizers run with hooks off, so a looping one could never be stopped: refuse __gc.
    local function setmetatable_(t, mt)
      if type(mt) == "table" and rawget(mt, "__gc") ~= nil then
        error("setmetatable: __gc metamethods are not allowed in Moonwire scripts (a finalizer "
          .. "cannot be interrupted); close resources explicitly or use a <close> variable", 2)
      end
      return raw_setmetatable(t, mt)
    end

    local allowed_gc = { count = true, collect = true, step = true, isrunning = true }
    local function collectgarbage_(opt, ...)
      opt = opt or "collect"
      if allowed_gc[opt] then return raw_collect(opt, ...) end
      error("collectgarbage('" .. tostring(opt) .. "') is not available in Moonwire scripts; "
        .. "use 'count', 'collect', 'step' or 'isrunning'", 2)
    end

    local BINARY_REFUSED = "binary chunks are not allowed: load Lua source text instead"
    local function check_mode(mode)
      if mode ~= nil and mode ~= "t" and mode ~= "bt" then return BINARY_REFUSED end
    end

    local LOADING = {}  -- marks a module whose loading has not finished
    local REMOVED = { io = true, debug = true, package = true }

    local os_lib = { time = os.time, clock = os.clock, date = os.date, difftime = os.difftime }
    local base_names = {
      "assert", "error", "ipairs", "next", "pairs", "pcall", "select", "tonumber", "tostring",
      "type", "rawequal", "rawlen", "rawget", "rawset", "getmetatable", "_VERSION",
    }

    return function(roots)
      local env = {}
      for _, k in ipairs(base_names) do env[k] = G[k] end
      env.setmetatable = setmetatable_
      env.xpcall = xpcall_
      env.collectgarbage = collectgarbage_
      env.math, env.string, env.table, env.utf8 = copy(math), copy(string), copy(table), copy(utf8)
      env.coroutine, env.os = copy(coroutine_lib), copy(os_lib)
      env._G = env

      env.print = function(...)
        local n = select("#", ...)
        local parts = {}
        for i = 1, n do parts[i] = tostring((select(i, ...))) end
        host_write(concat(parts, "\t", 1, n) .. "\n")
      end

      env.load = function(chunk, name, mode, e)
        local refused = check_mode(mode)
        if refused then return nil, refused end
        local f, err = raw_load(chunk, name, "t", e == nil and env or e)
        if not f and type(err) == "string" and err:find("attempt to load a binary chunk", 1, true) then
          err = BINARY_REFUSED
        end
        return f, err
      end

      env.loadfile = function(path, mode, e)
        local refused = check_mode(mode)
        if refused then return nil, refused end
        if type(path) ~= "string" then
          return nil, "loadfile needs a file path (reading standard input is not allowed)"
        end
        return host_loadfile(path, e == nil and env or e, roots)
      end

      env.dofile = function(path)
        local f, err = env.loadfile(path)
        if not f then error(err, 2) end
        return f()
      end

      -- The standard libraries are already loaded, as in stock Lua: require "string" returns
      -- them (and a file named string.lua that requires "string" does not require itself).
      local loaded = {
        _G = env, string = env.string, table = env.table, math = env.math, utf8 = env.utf8,
        coroutine = env.coroutine, os = env.os,
      }
      env.require = function(name)
        if type(name) ~= "string" then
          error("bad argument #1 to 'require' (string expected, got " .. type(name) .. ")", 2)
        end
        local cached = loaded[name]
        if cached == LOADING then
          error("module '" .. name .. "' requires itself while it loads (a loop of require calls)", 2)
        end
        if cached ~= nil then return cached end
        local path = (name:gsub("%.", "/")) .. ".lua"
        local f, err = env.loadfile(path)
        if not f then
          if REMOVED[name] then err = "the sandbox removes it on purpose" end
          error("module '" .. name .. "' not found: " .. err, 2)
        end
        loaded[name] = LOADING
        -- Forget the mark if the module fails, so a later require tries again.
        local _ <close> = raw_setmetatable({}, { __close = function()
          if loaded[name] == LOADING then loaded[name] = nil end
        end })
        local result = f(name, path)
        if result == nil then result = true end
        loaded[name] = result
        return result, path
      end
      return env
    end
    """#
}
