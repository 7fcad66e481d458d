/// The Lua half of `moonwire test`: `test(name, fn)`, `test.start_at(instant)`, the `t` object
/// and its expectations. Assertions are Lua so that their errors point at the test file's line
/// (`error(message, 3)` names the caller of `:equals`); what touches the engine (`t:reply`,
/// `t:advance`, `t:sent`) is Swift, installed as `t`'s methods directly for the same reason.
/// `t:http` keeps its answers here too, and ``PluginTestHTTP`` asks `answer(request)` for each
/// request the plugins make.
enum PluginTestPrelude {
    /// Called with the test file's environment and the Swift primitives; returns the control
    /// table the runner drives (`names()`, `start()`, `run(i)`, `answer(request)`).
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
        function T:expect(value) return setmetatable({ value = value }, Expect) end

        -- t:http's answers and the requests the plugins made; PluginTestHTTP sends every request
        -- of the plugins' http and flow:http to answer() below.
        local json, tointeger, pcall = env.json, math.tointeger, pcall
        local routes, requests = {}, {}

        -- The answer `a` (a table or a string) as PluginTestHTTP reads it; raises naming `where`.
        local function response(a, where)
          if type(a) == "string" then return { status = 200, headers = {}, body = a } end
          if type(a) ~= "table" then
            error(where .. ": an answer is a table {status =, headers =, body = | json =} or a string (the body), got " .. show(a), 0)
          end
          for k in pairs(a) do
            if k ~= "status" and k ~= "headers" and k ~= "body" and k ~= "json" then
              error(where .. ": unknown field " .. show(k) .. "; an answer has status, headers, and body or json", 0)
            end
          end
          local status = tointeger(a.status == nil and 200 or a.status)
          if type(a.status) == "string" or status == nil or status < 100 or status > 599 then
            error(where .. ": status must be an integer from 100 to 599, got " .. show(a.status), 0)
          end
          local headers = {}
          if a.headers ~= nil then
            if type(a.headers) ~= "table" then error(where .. ": headers must be a table {[\"Name\"] = \"value\"}, got " .. show(a.headers), 0) end
            for k, v in pairs(a.headers) do headers[tostring(k)] = tostring(v) end
          end
          local body = a.body
          if a.json ~= nil then
            if body ~= nil then error(where .. ": give body or json, not both", 0) end
            local text, err = json.encode(a.json)
            if not text then error(where .. ": json: " .. tostring(err), 0) end
            body = text
            local typed = false
            for k in pairs(headers) do if k:lower() == "content-type" then typed = true end end
            if not typed then headers["Content-Type"] = "application/json" end
          elseif body ~= nil and type(body) ~= "string" then
            error(where .. ": body must be a string (or give json = a table), got " .. show(body), 0)
          end
          return { status = status, headers = headers, body = body or "" }
        end

        function T:http(pattern, answer)
          if type(pattern) ~= "string" or pattern == "" then
            error("t:http(pattern, answer): the pattern must be a non-empty string, a part of the URL or a Lua pattern, "
              .. "optionally after a method (\"POST /leads\", \"GET /orders/%d+\"); got " .. show(pattern), 2)
          end
          local kind = type(answer)
          if kind ~= "table" and kind ~= "string" and kind ~= "function" then
            error("t:http(" .. show(pattern) .. ", answer): the answer must be a table {status =, headers =, body = | json =}, "
              .. "a string (the body) or a function(request) returning one (or nil, code); got " .. show(answer), 2)
          end
          local where = "t:http(" .. show(pattern) .. ")"
          if kind == "table" then
            local ok, err = pcall(response, answer, where)
            if not ok then error(err, 2) end
          end
          local method, rest = pattern:match("^(%u+)%s+(.+)$")
          routes[#routes + 1] = { method = method, pattern = rest or pattern, answer = answer, where = where }
        end

        function T:requests()
          local list = {}
          for i, request in ipairs(requests) do list[i] = request end
          return list
        end

        local function matches(route, request)
          if route.method and route.method ~= request.method then return false end
          if find(request.url, route.pattern, 1, true) then return true end
          -- A malformed pattern fails the test (Lua finds it only while matching, not before).
          local ok, found = pcall(find, request.url, route.pattern)
          if not ok then
            error(route.where .. ": not a valid Lua pattern (" .. tostring(found):gsub("^.-: ", "") .. "); write %( %[ %% to match ( [ % as text", 0)
          end
          return found ~= nil
        end

        -- One request of the plugins: recorded, then answered by the latest t:http that matches.
        local function answer(request)
          local ctype = request.headers["content-type"]
          if request.body and ctype and find(ctype, "json", 1, true) then request.json = json.decode(request.body) end
          requests[#requests + 1] = request
          local line = request.method .. " " .. request.url
          for i = #routes, 1, -1 do
            local route = routes[i]
            if matches(route, request) then
              local given = route.answer
              if type(given) == "function" then
                local result, code, message = given(request)
                if result == nil then
                  code = code or "refused"
                  return nil, code, message or (route.where .. " gave " .. code .. " for " .. line)
                end
                given = result
              end
              return response(given, route.where .. " answering " .. line)
            end
          end
          local set = {}
          for i, route in ipairs(routes) do set[i] = route.where end
          return nil, "refused", "no t:http answer matches " .. line .. (#set == 0
            and " (the test set none: t:http(\"" .. request.url .. "\", {status = 200, json = {...}}) answers it)"
            or " (the test set " .. concat(set, ", ") .. ")")
        end

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
          answer = answer,
        }
        """#
}
