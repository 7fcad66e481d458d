-- autoreply.lua: an auto-responder.
--
-- `moonwire serve` loads every plugin of this directory and runs its handlers on each reply:
--   * on.keyword(words, fn) runs fn when the reply's FIRST WORD is one of `words`; case,
--     accents and punctuation are ignored ("horaires ?" and "Horaires" both match HORAIRES);
--   * on.reply(fn) runs for every reply no keyword handler took (the catch-all).
-- STOP/START never reach handlers: the opt-out policy answers them (see stop.lua).
--
-- A handler gets `r`: r.from (E.164), r.body, r.word (the folded first word), r.at (Unix time),
-- r.id, and r:reply(text) which answers r.from. Sends made by a handler are deduplicated: if
-- Moonwire crashes and runs the handler again, nothing is sent twice.
--
-- Try it in the sandbox:
--   moonwire serve --plugins plugins &
--   moonwire sandbox reply --from +33612345678 "horaires ?"
--   moonwire sandbox messages

local HUMAN = "+33699999999"   -- where unrecognised replies are forwarded

local HOURS = "Nous sommes ouverts du lundi au samedi, de 9h à 19h. Répondez AIDE pour parler à quelqu'un."

on.keyword({ "INFO", "HORAIRES", "HOURS" }, function(r)
  assert(r:reply(HOURS))
end)

on.keyword({ "AIDE", "HELP" }, function(r)
  assert(r:reply("Un conseiller vous répond au plus vite."))
  assert(sms.send{ to = HUMAN, body = "Demande d'aide de " .. r.from .. " : " .. r.body })
end)

-- The catch-all: forward what nobody handled to a human, and acknowledge.
on.reply(function(r)
  local ok, err = sms.send{ to = HUMAN, body = "Réponse de " .. r.from .. " : " .. r.body }
  if not ok then
    print("could not forward the reply from " .. r.from .. ": " .. tostring(err))
  end
end)
