-- welcome_drip_test.lua: the drip's three branches, four days of it in milliseconds.
-- Run: moonwire test plugins   (or: moonwire test plugins --filter OUI)

local ANA = "+33612345678"
local WELCOME = "Bienvenue chez ACME ! Répondez STOP pour ne plus recevoir nos SMS."
local QUESTION = "Votre première commande vous a-t-elle plu ? Répondez OUI ou NON."

-- The bodies sent to a number, oldest first.
local function bodies(t, to)
  local out = {}
  for i, message in ipairs(t:sent{ to = to }) do out[i] = message.body end
  return out
end

test("OUI on day 3: the welcome, the question three days later, the discount code", function(t)
  t:reply{ from = ANA, body = "ESSAI" }
  t:advance("3d")
  t:reply{ from = ANA, body = "oui !" }
  t:expect(bodies(t, ANA)):equals({
    WELCOME,
    QUESTION,
    "Merci ! Voici 10 % sur votre prochaine commande : BIENVENUE10",
  })
  local sent = t:sent{ to = ANA }
  t:expect(sent[2].at - sent[1].at):equals(3 * 24 * 3600)
end)

test("NON two hours after the question: the apology", function(t)
  contacts.add{ phone = ANA, first_name = "Ana" }
  flows.start("welcome_drip", ANA)
  t:advance("3d")
  t:advance("2h")
  t:reply{ from = ANA, body = "Non, pas vraiment" }
  local sent = t:sent{ to = ANA }
  t:expect(sent[1].body):equals("Bienvenue chez ACME, Ana ! Répondez STOP pour ne plus recevoir nos SMS.")
  t:expect(sent[2].body):equals(QUESTION)
  t:expect(sent[3].body):equals("Désolés ! Un conseiller vous rappelle sous 24 h.")
end)

test("no answer within a day: the reminder on day 4", function(t)
  t:reply{ from = ANA, body = "essai" }
  t:advance("5d")
  local sent = t:sent{ to = ANA }
  t:expect(#sent):equals(3)
  t:expect(sent[3].body):equals("Pas de réponse ? Aucun souci : notre équipe reste joignable au 01 23 45 67 89.")
  t:expect(sent[3].at - sent[1].at):equals(4 * 24 * 3600)
end)
