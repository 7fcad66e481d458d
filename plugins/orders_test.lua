-- orders_test.lua: tests of orders.lua, run by `moonwire test plugins`.
--
-- No call leaves a test: t:http answers the plugin's calls to the shop, and t:requests shows
-- what it asked.

local ANA = "+33612345678"

test("SUIVI 1234 answers the order's status from the shop", function(t)
  t:http("GET /orders/1234", { json = { status = "shipped", label = "expédiée" } })
  t:reply{ from = ANA, body = "suivi 1234" }
  t:expect(t:sent{ to = ANA }[1].body):equals("Commande 1234 : expédiée.")
  local asked = t:requests()
  t:expect(#asked):equals(1)
  t:expect(asked[1].url):matches("/orders/1234$")
end)

test("an order the shop does not know", function(t)
  t:http("GET /orders/%d+", { status = 404, json = { error = "not found" } })
  t:reply{ from = ANA, body = "SUIVI 99" }
  t:expect(t:sent{ to = ANA }[1].body):contains("Nous ne trouvons pas la commande 99")
end)

test("SUIVI without a number asks for one, and calls nothing", function(t)
  t:reply{ from = ANA, body = "suivi" }
  t:expect(t:sent{ to = ANA }[1].body):contains("SUIVI 1234")
  t:expect(#t:requests()):equals(0)
end)

test("a shop that does not answer still gets the customer an answer", function(t)
  t:http("/orders/", function(request) return nil, "timeout" end)
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
