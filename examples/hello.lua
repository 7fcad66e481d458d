-- hello.lua: send one message through the configured provider (the sandbox by default)
-- and print its id.
--
--   moonwire run examples/hello.lua [NUMBER]
--
-- NUMBER defaults to +33612345678; anything sms.normalize understands works ("06 12 34 56 78").

local number = ...
local to, err = sms.normalize(number or "+33612345678")
if not to then
  error("bad number: " .. tostring(err), 0)
end

local message = assert(sms.send{
  to = to,
  body = "Hello from Moonwire! Sent at " .. os.date("!%Y-%m-%d %H:%M:%S", math.floor(clock.now())) .. " UTC.",
  from = "MOONWIRE",
})

print(message.id)
