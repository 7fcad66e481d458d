-- welcome.lua: a welcome message on a keyword, and the contact added to a list.
--
-- Someone texts "JOIN" (or "INSCRIPTION", "Bienvenue !"...): they become a contact in the
-- "newsletter" list, and get a welcome rendered from a template with their fields.
--
-- What it shows:
--   * top-level code runs once when `moonwire serve` loads the plugin (and again on SIGHUP):
--     creating a list or a template there is safe, both calls are idempotent;
--   * templates use {{field}} and refuse to render a field the contact lacks (no "Bonjour  !");
--   * everything a handler sends is deduplicated, so a crash never sends the welcome twice.

lists.create("newsletter")
templates.create{
  name = "welcome",
  body = "Bienvenue {{first_name}} ! Vous recevrez nos nouveautés. Répondez STOP pour vous désabonner.",
}

on.keyword({ "JOIN", "INSCRIPTION", "BIENVENUE" }, function(r)
  -- "JOIN Ana" -> first name "Ana"; without a name we say "Bienvenue ami(e)".
  local name = r.body:match("^%S+%s+(%S+)") or "ami(e)"
  assert(contacts.add{ phone = r.from, first_name = name, lists = { "newsletter" } })
  local text = assert(templates.render("welcome", r.from))
  assert(r:reply(text))
end)
