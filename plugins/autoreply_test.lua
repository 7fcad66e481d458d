-- autoreply_test.lua: tests of autoreply.lua, run by `moonwire test plugins` (README: "Testing plugins").
--
-- Each test gets a fresh runtime: an empty in-memory database, the sandbox provider, the clock
-- frozen at Monday 2026-01-05 09:00 (Paris), and every plugin of this directory loaded.
-- t:reply{} plays a handset; it returns once every handler it woke has finished.

local ANA = "+33612345678"
local HUMAN = "+33699999999"   -- where autoreply.lua forwards what it does not recognise

test("HORAIRES gets the opening hours, whatever the case and punctuation", function(t)
  t:reply{ from = ANA, body = "horaires ?" }
  local sent = t:sent{ to = ANA }
  t:expect(#sent):equals(1)
  t:expect(sent[1].body):contains("du lundi au samedi, de 9h à 19h")
end)

test("AIDE answers and forwards the request to a human", function(t)
  t:reply{ from = ANA, body = "Aide svp" }
  t:expect(t:sent{ to = ANA }[1].body):equals("Un conseiller vous répond au plus vite.")
  t:expect(t:sent{ to = HUMAN }[1].body):equals("Demande d'aide de +33612345678 : Aide svp")
end)

test("an unrecognised reply is forwarded to a human, and nothing goes back", function(t)
  t:reply{ from = "06 12 34 56 78", body = "Ma commande n'est pas arrivée" }
  t:expect(t:sent{ to = ANA }):equals({})
  t:expect(t:sent{ to = HUMAN }[1].body):matches("^Réponse de %+33612345678 : Ma commande")
end)
