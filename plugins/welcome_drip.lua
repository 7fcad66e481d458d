-- welcome_drip.lua: a drip flow, written as a plain story that spans four days.
--
-- Someone texts "ESSAI" (or you run `moonwire flows start welcome_drip +33612345678`): they get
-- a welcome, three days later a question, and a day to answer it; the flow branches on the
-- answer, or on its absence.
--
-- What it shows:
--   * flows.define(name, fn): fn(flow, contact) reads top to bottom; flow:sleep and flow:ask
--     wait days without holding anything in memory, and survive restarts and crashes: every
--     step is journaled, and a run resumes by replaying its journal, sending nothing twice;
--   * flow:ask returns the reply (answer.body, answer.from, answer.at, answer:word() = the first
--     word folded: "oui !" gives "OUI"), or nil when the timeout passes;
--   * a STOP ends the run (and everything else to that number): no "are you sure?" SMS;
--   * inside a flow, use flow:now() and flow:random(m, n), never os.time or math.random: a
--     replay must take the same path.
--
-- Try it in the sandbox, whose clock is virtual (it moves only when you advance it):
--   moonwire serve --plugins plugins &
--   moonwire sandbox reply --from +33612345678 ESSAI
--   moonwire sandbox clock advance 3d        # the question goes out
--   moonwire sandbox reply --from +33612345678 "oui !"
--   moonwire sandbox messages
--   moonwire flows list

flows.define("welcome_drip", function(flow, contact)
  local name = contact.first_name or flow.vars.first_name
  flow:send(name and ("Bienvenue chez ACME, " .. name .. " ! Répondez STOP pour ne plus recevoir nos SMS.")
    or "Bienvenue chez ACME ! Répondez STOP pour ne plus recevoir nos SMS.")

  flow:sleep("3d")

  local answer = flow:ask("Votre première commande vous a-t-elle plu ? Répondez OUI ou NON.", { timeout = "1d" })
  if answer == nil then
    flow:send("Pas de réponse ? Aucun souci : notre équipe reste joignable au 01 23 45 67 89.")
  elseif answer:word() == "OUI" then
    flow:send("Merci ! Voici 10 % sur votre prochaine commande : BIENVENUE10")
  elseif answer:word() == "NON" then
    flow:send("Désolés ! Un conseiller vous rappelle sous 24 h.")
  else
    flow:send("Merci pour votre message, nous le transmettons à l'équipe.")
  end
end)

-- Texting ESSAI starts the drip; a second ESSAI while it runs changes nothing.
on.keyword("ESSAI", function(r)
  local id, err = flows.start("welcome_drip", r.from)
  if not id and err.code ~= "already_running" then print("welcome_drip: " .. tostring(err)) end
end)
