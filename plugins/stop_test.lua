-- stop_test.lua: tests of the opt-out policy as stop.lua words it, run by `moonwire test plugins`.

local ANA = "+33612345678"
local CONFIRMATION = "ACME : vous ne recevrez plus nos SMS. Répondez START pour revenir."

test("STOP gets one confirmation; a second STOP gets none", function(t)
  t:reply{ from = ANA, body = "STOP" }
  t:reply{ from = ANA, body = "stop !" }
  local sent = t:sent{ to = ANA }
  t:expect(#sent):equals(1)
  t:expect(sent[1].body):equals(CONFIRMATION)
  t:expect(sent[1].class):equals("policy")
end)

test("a phrase stop.lua adds opts out; sends are refused until START", function(t)
  t:reply{ from = ANA, body = "Stop ACME" }
  t:expect(stops.contains(ANA)):equals(true)
  local message, err = sms.send{ to = ANA, body = "Promo de printemps", class = "marketing" }
  t:expect(message):is_nil()
  t:expect(err.code):equals("opted_out")

  t:expect(t:sent{ to = ANA }[2].status):equals("blocked")   -- t:sent lists what was refused too

  t:reply{ from = ANA, body = "START" }
  t:expect(t:sent{ to = ANA }[3].body):equals("ACME : vous recevez à nouveau nos SMS. Répondez STOP pour arrêter.")
  assert(sms.send{ to = ANA, body = "Promo de printemps", class = "marketing" })
  t:expect(t:sent{ to = ANA }[4].status):equals("sent")
end)

test("\"stop calling me at work\" is an ordinary reply, not an opt-out", function(t)
  t:reply{ from = ANA, body = "stop calling me at work" }
  t:expect(stops.contains(ANA)):equals(false)
  t:expect(t:sent{ to = ANA }):equals({})
end)
