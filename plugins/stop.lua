-- stop.lua: a customised STOP confirmation.
--
-- Opt-out is not a script feature, it is a rule Moonwire enforces before any handler runs:
--   * a reply that is exactly STOP (or ARRET, STOP SMS, UNSUBSCRIBE, DESABONNER...; case,
--     accents and punctuation ignored) puts the number on the stop list; "stop calling me at
--     work" is an ordinary reply and goes to your handlers;
--   * the number gets ONE confirmation (never a second one if it says STOP again), and every
--     later send to it returns nil, err with err.code == "opted_out" until it replies START;
--   * on Conexteo the number is also added to Conexteo's own stop list.
--
-- What a plugin may change is the wording, and extra phrases that opt out or back in:
--   * stop_confirmation / start_confirmation: one SMS segment each (160 GSM-7 characters, or
--     70 once one character outside GSM-7, such as ê or ç, forces UCS-2); no promotion in them;
--   * stop_words / start_words: ADDED to the standard lists, which always keep working.
-- policy.get() returns what is in force (confirmations, words, marketing send window).
-- A reload (SIGHUP) starts again from the defaults, then applies the plugins again.
--
-- Try it in the sandbox:
--   moonwire serve --plugins plugins &
--   moonwire sandbox reply --from +33612345678 "Désinscription"
--   moonwire sandbox messages            # the confirmation below, once
--   moonwire send --to +33612345678 --body "Promo"   # refused: opted_out

policy.set{
  stop_confirmation = "ACME : vous ne recevrez plus nos SMS. Répondez START pour revenir.",
  start_confirmation = "ACME : vous recevez à nouveau nos SMS. Répondez STOP pour arrêter.",
  stop_words = { "NE PLUS RECEVOIR", "STOP ACME" },
}
