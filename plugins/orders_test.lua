-- orders_test.lua: tests of orders.lua, run by `moonwire test plugins`.
--
-- The shop's API is not running here and 127.0.0.1 is not allowed, so every call is refused
-- (blocked_address): the tests check the answers that do not depend on the shop, and the counter.

local ANA = "+33612345678"

test("SUIVI without a number asks for one", function(t)
  t:reply{ from = ANA, body = "suivi" }
  t:expect(t:sent{ to = ANA }[1].body):contains("SUIVI 1234")
end)

test("a shop that cannot be reached still gets the customer an answer", function(t)
  t:reply{ from = ANA, body = "SUIVI 1234" }
  t:expect(t:sent{ to = ANA }[1].body):contains("indisponible")
end)

test("a sixth request the same day is refused, and the counter starts again the next day", function(t)
  for _ = 1, 6 do t:reply{ from = ANA, body = "SUIVI" } end
  local sent = t:sent{ to = ANA }
  t:expect(#sent):equals(6)
  t:expect(sent[6].body):contains("déjà demandé 5 suivis")
  t:advance("1d")
  t:reply{ from = ANA, body = "SUIVI" }
  t:expect(t:sent{ to = ANA }[7].body):contains("SUIVI 1234")
end)
