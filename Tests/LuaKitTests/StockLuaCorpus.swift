/// Lua code whose output must be the same under Moonwire's sandbox as under Debian's `lua5.4`:
/// the patterns, `string.rep` and the table functions Moonwire replaces with bounded versions.
enum StockLuaCorpus {
    /// Prints one line per call: the arguments and what `pcall` returned (errors included).
    static let boundedLibrary = #"""
local function show(...)
  local out = {}
  for i = 1, select("#", ...) do
    local v = select(i, ...)
    out[i] = type(v) == "string" and string.format("%q", v) or tostring(v)
  end
  return table.concat(out, " ")
end
local function up(s) return s:upper() end
local cases = {
  {"find", "hello world", "o w"}, {"find", "hello world", "o", 6}, {"find", "hello", "l+"},
  {"find", "hello", ""}, {"find", "hello", "", 10}, {"find", "hello", "", 6}, {"find", "hello", "xyz", 1, true},
  {"find", "a.b", "."}, {"find", "a.b", ".", 1, true}, {"find", "hello", "h", -10}, {"find", "hello", "o", -1},
  {"find", "hello", "l", 0}, {"find", "a+b", "+", 1, true}, {"find", "a\0b", "\0"}, {"find", "abc", "[b]", 3},
  {"find", "  key = value  ", "(%w+)%s*=%s*(%w+)"}, {"find", "THE (quick) fox", "%((%a+)%)"}, {"find", "abc", "()b()"},
  {"match", "2024-01-15", "(%d+)-(%d+)-(%d+)"}, {"match", "hello", "^(h)(e)"}, {"match", "hello", "^e"},
  {"match", "hello", "o$"}, {"match", "hel$lo", "l$l"}, {"match", "  trim  ", "^%s*(.-)%s*$"},
  {"match", "f(a(b)c)d", "%b()"}, {"match", "f(a(b c)d", "%b()"}, {"match", "THE (quick) fox", "%f[%a]%a+"},
  {"match", "hello world", "%f[%w]%w+", 2}, {"match", "x = [==[long]==]", "%[(=*)%[(.-)%]%1%]"},
  {"match", "abab", "(ab)%1"}, {"match", "aaa", "a-b"}, {"match", "aaab", "a-b"}, {"match", "aaab", "^a*"},
  {"match", "", "a*"}, {"match", "abc", "a?b?c?d?"}, {"match", "[]", "[]]"}, {"match", "a]", "[]a]+"},
  {"match", "^x", "^^x"}, {"match", "a-b", "[a%-]+"}, {"match", "0x1F", "%x+", 3}, {"match", "\195\156n", "[\128-\255]+"},
  {"match", "a\0b", "a%zb"}, {"match", "a\0b", "a\0b"}, {"match", "a\0b", "a%c"}, {"match", "key=val", "(%w+)=(%w*)"},
  {"match", "abc", "((a)(b))"}, {"match", "abc", "()a()"}, {"match", "hello", ".-"}, {"match", "hello", ".-$"},
  {"match", "%d", "%%d"}, {"match", "x", "[%a%d]"}, {"match", "5", "[^%a]"}, {"match", "-", "[+-]"},
  {"match", "b", "[a-c]"}, {"match", "-", "[a-]"}, {"match", "]", "[^]]"}, {"match", "A1 b2", "%u%d"},
  {"match", "tab\there", "%s(%l+)"}, {"match", "x!y", "%p"}, {"match", "A b", "%L+"}, {"match", "ab12", "%D+"},
  {"match", "  x", "%S"}, {"match", "abc", "%W*"}, {"match", "hello", "h.-o"}, {"match", "hello", "l*", 3},
  {"match", "aaa", "a+?"}, {"match", "abc", "[%]]"}, {"match", "a.b", "%.(.)"}, {"match", "THE END", "%f[%z%s]"},
  {"match", "hello", "()ll()"}, {"match", "hello", "(h)(e)(l)(l)(o)"}, {"match", "hello", "", 10}, {"match", "abc", "b", -1},
  {"gsub", "hello world", "o", "0"}, {"gsub", "hello world", "(o)", "[%1]"}, {"gsub", "hello", "", "-"},
  {"gsub", "hello world", "%w+", "%0 %0", 1}, {"gsub", "abc", "%w", "%%"}, {"gsub", "hello", "l", {l = "L"}},
  {"gsub", "$name is $age", "%$(%w+)", {name = "Ana", age = 31}}, {"gsub", "abc", "(b)()", "%2"},
  {"gsub", "abc", "x*", "-"}, {"gsub", "a,b,,c", ",", ";", 2}, {"gsub", "abc", "^a", "X"}, {"gsub", "aaa", "^a", "X"},
  {"gsub", "hello", "(l)(l)", "%2%1"}, {"gsub", "abc", ".", {a = 1, b = false}}, {"gsub", "x", "x", 12},
  {"gsub", "abc", "b", ""}, {"gsub", "a.b.c", "%.", "/"}, {"gsub", "hello world", "%w+", up},
  {"gsub", "1 2 3", "%d", function(d) return d * 2 end}, {"gsub", "abc", "%w", function() end},
  {"gsub", "abc", "(%w)()", function(c, p) return c .. p end}, {"gsub", "abc", "", ""}, {"gsub", "abc", "b*", "X"},
  {"gsub", "hello", "l", "%0%0", 0}, {"gsub", "hello", "l", "L", -1}, {"gsub", "", "", "x"}, {"gsub", "abc", "$", "!"},
  {"gsub", "one two", "(%w+) (%w+)", "%2 %1"}, {"gsub", "abc", "[ac]", {a = "1", c = 3.5}},
  {"rep", "ab", 3}, {"rep", "ab", 3, ","}, {"rep", "x", 0}, {"rep", "x", -5}, {"rep", "", 5, ""}, {"rep", "x", 1, ","},
  {"rep", "", 3, ","}, {"rep", "ab", 1 << 62}, {"rep", "abc", 1 << 31}, {"rep", "a", 5, ""}, {"rep", "ab", 4, "--"},
  {"find", "abc", "%"}, {"find", "abc", "[a"}, {"find", "abc", "%b"}, {"find", "abc", "%ba"}, {"find", "abc", "%f"},
  {"find", "abc", "%fa"}, {"find", "abc", "(a"}, {"find", "abc", "a)"}, {"find", "abc", "(a))"}, {"find", "abc", "%1"},
  {"find", "abc", "(a)%2"}, {"find", "abc", "(a%1)"}, {"find", "abc", "%0"}, {"gsub", "abc", "a", "%2"},
  {"gsub", "abc", "(a)", "%2"}, {"gsub", "abc", "a", "%x"}, {"gsub", "abc", "a", "%"}, {"gsub", "abc", "a", {a = true}},
  {"gsub", "abc", "a", function() return {} end}, {"gsub", "abc", "a", true}, {"gsub", "abc", "(a", "x"},
  {"find", ("a"):rep(40), ("(a)"):rep(33)}, {"find", ("a"):rep(300), ("a?"):rep(300)}, {"find", "abc", "[%"},
  {"find", "abc", "[a-"}, {"find", "abc", "[]"}, {"find", "abc", "[^]"}, {"match", "abc", "()", 10},
  {"find", nil, "x"}, {"find", "x", nil}, {"find", "x", "x", "y"}, {"gsub", "x", "x", "y", "z"}, {"match", 123, "2"},
  {"find", 12.5, "%."}, {"gsub", 111, "1", 2},
}
for _, c in ipairs(cases) do
  print(c[1], show(c[2], c[3]), show(pcall(string[c[1]], table.unpack(c, 2, 6))))
end
local gm = {
  {"one two  three", "%a+"}, {"k1=v1, k2=v2", "(%w+)=(%w+)"}, {"abc", ""}, {"abc", "x*"}, {"hello", "l", 4},
  {"^a^a", "^a"}, {"abc", "()"}, {"hello", "l", -2}, {"hello", "", 10}, {"a,b,,c", "([^,]*)"}, {"abc", "%"},
}
for _, c in ipairs(gm) do
  local ok, err = pcall(function()
    local out = {}
    for a, b in string.gmatch(c[1], c[2], c[3]) do out[#out + 1] = show(a, b) end
    return table.concat(out, " | ")
  end)
  print("gmatch", show(c[1], c[2], c[3]), ok, err)
end
print("method", ("x"):rep(3, "-"), ("hello"):find("l"), ("a=1"):match("(%w)=(%d)"), ("abc"):gsub("b", "B"))
local function dump(t, n) local o = {} for i = 1, n do o[i] = tostring(t[i]) end return table.concat(o, ",") end
local tcases = {
  function() local t = {1, 2, 3, 4, 5}; table.move(t, 2, 4, 1); return dump(t, 5) end,
  function() local t = {1, 2, 3, 4, 5}; table.move(t, 1, 3, 3); return dump(t, 5) end,
  function() local t = {1, 2, 3}; local u = table.move(t, 1, 3, 2, {}); return dump(u, 4) end,
  function() local t = {1, 2, 3}; return dump(table.move(t, 1, 0, 5), 5) end,
  function() return table.move({}, 1, math.maxinteger, 2) end,
  function() return table.move({}, -1, math.maxinteger, 2) end,
  function() return table.move({}, 1, 10, math.maxinteger) end,
  function() return table.move(1, 1, 10, 2) end,
  function() return table.move({}, 1, 2, 3, 7) end,
  function() local log = {} local p = setmetatable({}, {__index = function(_, k) return k * 10 end,
    __newindex = function(_, k, v) log[#log + 1] = k .. "=" .. v end}); table.move(p, 1, 3, 2, p) return table.concat(log, " ") end,
  function() local t = {1, 2, 3}; table.insert(t, 1, 0); return dump(t, 4) end,
  function() local t = {1, 2, 3}; table.insert(t, 4); return dump(t, 4) end,
  function() local t = {1, 2, 3}; table.insert(t, 4, 9); return dump(t, 4) end,
  function() return table.insert({}, 5, 1) end,
  function() return table.insert({}, 0, 1) end,
  function() return table.insert({}, 1, 1, 1) end,
  function() return table.insert({}) end,
  function() return table.insert(nil, 1) end,
  function() local t = {1, 2, 3}; local v = table.remove(t, 1); return v, dump(t, 3) end,
  function() local t = {1, 2, 3}; local v = table.remove(t); return v, dump(t, 3) end,
  function() local t = {}; return table.remove(t), #t end,
  function() local t = {1}; return table.remove(t, 2), table.remove(t, 1), #t end,
  function() return table.remove({}, 5) end,
  function() return table.remove({1, 2}, -1) end,
  function() local t = {n = 0}; return table.remove(t, 0), t[0] end,
  function() local t = setmetatable({}, {__len = function() return 2 end}); t[1], t[2] = "a", "b"; return table.remove(t, 1), t[1], t[2] end,
  function() local t = {5, 2, 8, 1, 9, 3}; table.sort(t); return dump(t, 6) end,
  function() local t = {"b", "a", "c", "B"}; table.sort(t, function(a, b) return a > b end); return dump(t, 4) end,
  function() local t = {3, 1, 2}; table.sort(t, function(a, b) return true end); return dump(t, 3) end,
  function() local t = {}; for i = 1, 100 do t[i] = (i * 37) % 101 end; table.sort(t); return dump(t, 100) end,
  function() local t = {}; for i = 1, 100 do t[i] = 7 end; return pcall(table.sort, t, function(a, b) return true end) end,
  function() return table.sort({1, "x"}) end,
  function() return table.sort({3, 2, 1}, 1) end,
  function() return table.sort(setmetatable({}, {__len = function() return math.maxinteger end})) end,
  function() local t = {1}; table.sort(t, 42); return dump(t, 1) end,
}
for i, f in ipairs(tcases) do print("table", i, show(pcall(f))) end
"""#
}
