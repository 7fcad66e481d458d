-- orders.lua: "SUIVI 1234" answers the order's status from the shop's own API, and a daily
-- counter per number keeps a customer from asking more than five times a day.
--
-- What it shows:
--   * http.get waits for the shop's answer without holding other handlers up, and every way it
--     can fail (down, slow, refused address) is nil, err: the customer gets an answer anyway;
--   * the shop's API is on a private address, so it must be allowed:
--       MOONWIRE_HTTP_ALLOW=127.0.0.1:8088 moonwire serve --plugins plugins
--   * state.incr counts atomically across handlers and processes, and the ttl ends the day;
--   * json.encode writes the failure as one JSON line for a log collector.

local SHOP = "http://127.0.0.1:8088"   -- GET /orders/<n> -> {"status": "shipped", "label": "expédiée"}
local DAILY = 5

local UNAVAILABLE = "Le suivi de commande est indisponible pour le moment. Réessayez dans quelques minutes."

on.keyword("SUIVI", function(r)
  local today = os.date("!%Y-%m-%d", math.floor(clock.now()))
  local asked = assert(state.incr("suivi:" .. r.from .. ":" .. today, 1, { ttl = "1d" }))
  if asked > DAILY then
    return r:reply("Vous avez déjà demandé " .. DAILY .. " suivis aujourd'hui. Réessayez demain.")
  end
  local number = r.body:match("%d+")
  if not number then
    return r:reply("Envoyez SUIVI suivi du numéro de commande, par exemple : SUIVI 1234.")
  end
  local answer, err = http.get(SHOP .. "/orders/" .. number, { timeout = 5 })
  if not answer then
    -- One JSON object per line: what a log collector reads.
    print(json.encode{ plugin = "orders.lua", event = "shop_unavailable", order = number, code = err.code, message = err.message })
    return r:reply(UNAVAILABLE)
  end
  if answer.status == 404 then
    return r:reply("Nous ne trouvons pas la commande " .. number .. ". Vérifiez le numéro sur votre confirmation.")
  end
  if answer.status ~= 200 or type(answer.json) ~= "table" then
    return r:reply(UNAVAILABLE)
  end
  r:reply(("Commande %s : %s."):format(number, answer.json.label or answer.json.status or "en cours"))
end)
