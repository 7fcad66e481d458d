/// The Lua half of `moonwire test`: `test(name, fn)`, `test.start_at(instant)`, the `t` object
/// and its expectations. Assertions are Lua so that their errors point at the test file's line
/// (`error(message, 3)` names the caller of `:equals`); what touches the engine (`t:reply`,
/// `t:advance`, `t:sent`) is Swift, installed as `t`'s methods directly for the same reason.
enum PluginTestPrelude {
    /// Called with the test file's environment and the Swift primitives; returns the control
    /// table the runner drives (`names()`, `start()`, `run(i)`).
    static let source = #"""
        local env, prim = ...
        local type, pairs, ipairs, tostring, error, setmetatable, rawequal = type, pairs, ipairs, tostring, error, setmetatable, rawequal
        local format, find, rep, sort, concat = string.format, string.find, string.rep, table.sort, table.concat
        local mtype = math.type

        local tests, start = {}, nil

        -- A value as a reader expects to see it: strings quoted, tables nested one line, keys sorted.
        local function show(v, depth)
          depth = depth or 0
          local kind = type(v)
          if kind == "string" then return (format("%q", v):gsub("\\\n", "\\n")) end
          if kind == "number" and mtype(v) == "float" and v == v // 1 and v < 2^53 and v > -2^53 then return format("%d", v) end
          if kind ~= "table" then return tostring(v) end
          if depth >= 3 then return "{...}" end
          local parts, n = {}, #v
          for i = 1, n do parts[#parts + 1] = show(v[i], depth + 1) end
          local keys = {}
          for k in pairs(v) do
            if not (mtype(k) == "integer" and k >= 1 and k <= n) then keys[#keys + 1] = k end
          end
          sort(keys, function(a, b) return tostring(a) < tostring(b) end)
          for _, k in ipairs(keys) do
            local key = (type(k) == "string" and find(k, "^[%a_][%w_]*$")) and k or ("[" .. show(k, depth + 1) .. "]")
            parts[#parts + 1] = key .. " = " .. show(v[k], depth + 1)
          end
          if #parts == 0 then return "{}" end
          return "{ " .. concat(parts, ", ") .. " }"
        end

        local function equal(a, b, seen)
          if rawequal(a, b) or a == b then return true end
          if type(a) ~= "table" or type(b) ~= "table" then return false end
          seen = seen or {}
          if seen[a] == b then return true end
          seen[a] = b
          for k, v in pairs(a) do if not equal(v, b[k], seen) then return false end end
          for k in pairs(b) do if a[k] == nil then return false end end
          return true
        end

        local function path_of(path, k)
          if type(k) == "string" and find(k, "^[%a_][%w_]*$") then return path .. "." .. k end
          return path .. "[" .. show(k) .. "]"
        end

        -- The places where two tables differ, one line each ("[3].body: expected ..., got ...").
        local function diff(expected, actual, path, out)
          if #out >= 20 or equal(expected, actual) then return end
          if type(expected) == "table" and type(actual) == "table" then
            local keys, known = {}, {}
            for k in pairs(expected) do keys[#keys + 1] = k; known[k] = true end
            for k in pairs(actual) do if not known[k] then keys[#keys + 1] = k end end
            sort(keys, function(a, b)
              if mtype(a) == "integer" and mtype(b) == "integer" then return a < b end
              return tostring(a) < tostring(b)
            end)
            for _, k in ipairs(keys) do diff(expected[k], actual[k], path_of(path, k), out) end
            return
          end
          local where = path == "" and "(the value)" or path:gsub("^%.", "")
          if actual == nil then
            out[#out + 1] = format("  %s: missing, expected %s", where, show(expected))
          elseif expected == nil then
            out[#out + 1] = format("  %s: unexpected %s", where, show(actual))
          else
            out[#out + 1] = format("  %s: expected %s, got %s", where, show(expected), show(actual))
          end
        end

        -- Raised at the line of the test that called the expectation.
        local function fail(message) error(message, 3) end

        local Expect = {}
        Expect.__index = Expect

        function Expect:equals(expected)
          local actual = self.value
          if equal(actual, expected) then return self end
          if type(actual) == "table" and type(expected) == "table" then
            local lines = {}
            diff(expected, actual, "", lines)
            fail("tables differ:\n" .. concat(lines, "\n"))
          end
          fail("values differ\n  expected: " .. show(expected) .. "\n    actual: " .. show(actual))
        end

        function Expect:contains(part)
          local actual = self.value
          if type(actual) == "string" then
            if type(part) ~= "string" then fail("contains(s): s must be a string, got " .. show(part)) end
            if find(actual, part, 1, true) then return self end
            fail("the text does not contain " .. show(part) .. "\n  actual: " .. show(actual))
          elseif type(actual) == "table" then
            for _, v in pairs(actual) do if equal(v, part) then return self end end
            fail("the table has no element equal to " .. show(part) .. "\n  actual: " .. show(actual))
          end
          fail("expected a string or a table containing " .. show(part) .. ", got " .. show(actual))
        end

        function Expect:matches(pattern)
          local actual = self.value
          if type(pattern) ~= "string" then fail("matches(pattern): the pattern must be a string, got " .. show(pattern)) end
          if type(actual) ~= "string" then fail("expected a string matching " .. show(pattern) .. ", got " .. show(actual)) end
          if find(actual, pattern) then return self end
          fail("the text does not match the pattern " .. show(pattern) .. "\n  actual: " .. show(actual))
        end

        function Expect:is_nil()
          if self.value == nil then return self end
          fail("expected nil, got " .. show(self.value))
        end

        local T = {}
        T.__index = T
        T.reply = prim.reply
        T.advance = prim.advance
        T.sent = prim.sent
        T.http = prim.http
        T.requests = prim.http
        function T:expect(value) return setmetatable({ value = value }, Expect) end

        local test = setmetatable({}, { __call = function(_, name, fn)
          if type(name) ~= "string" or name == "" then
            error("test(name, function(t) ... end): the name must be a non-empty string, got " .. show(name), 2)
          end
          if type(fn) ~= "function" then
            error("test(" .. show(name) .. ", fn): fn must be a function(t) ... end, got " .. show(fn), 2)
          end
          tests[#tests + 1] = { name = name, fn = fn }
        end })
        function test.start_at(instant)
          start = prim.instant(instant)
        end
        env.test = test

        return {
          names = function()
            local names = {}
            for i, case in ipairs(tests) do names[i] = case.name end
            return names
          end,
          start = function() return start end,
          run = function(i) tests[i].fn(setmetatable({}, T)) end,
        }
        """#
}
