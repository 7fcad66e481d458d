---@meta moonwire
-- LuaCATS definitions of the Moonwire Lua surface, for the Lua language server (sumneko/LuaLS).
-- Point your editor at this folder (see .luarc.json at the repository root) to get completion
-- and checks in plugins. Only what this build provides is declared here; DESIGN.md §3 lists
-- what is coming (contacts, lists, stops, templates, on.*, flows, schedule).

---An expected failure, returned as the second value after `nil`. `tostring(err)` gives
---"code: message".
---@class moonwire.Error
---@field code string        stable machine-readable code, e.g. "not_e164", "empty_body"
---@field message string     what went wrong, naming the value, with a hint
---@field retryable boolean  true when trying again later may succeed

---A message the provider accepted.
---@class moonwire.Message
---@field id string               the provider's message id ("sbx_..." in the sandbox)
---@field status string           "accepted"
---@field to string               recipient, E.164
---@field from string             sender shown to the recipient
---@field segments integer        SMS segments billed
---@field encoding "GSM-7"|"UCS-2"
---@field external_id? string     your dedup key, when given
---@field already_processed? true set when a message with this external_id was sent before: nothing was sent again
---@field created_at string       ISO 8601, UTC

---@class moonwire.SendSpec
---@field to string           recipient in E.164, e.g. "+33612345678" (use sms.normalize for "06 12 34 56 78")
---@field body string         the text; 1 to 1,600 characters
---@field from? string        sender id: up to 11 letters/digits, or a number; default: the account's
---@field external_id? string dedup key (1-128 bytes): a second send with the same key sends nothing

---@class moonwire.Replacement
---@field original string
---@field replacement string
---@field count integer

---@class moonwire.Segmentation
---@field encoding "GSM-7"|"UCS-2"
---@field segments integer
---@field characters integer  septets (GSM-7) or UTF-16 units (UCS-2), as the industry counts
---@field parts string[]      the text of each segment
---@field non_gsm string[]    the characters that forced UCS-2
---@field text? string        with smart = true: the text after replacements
---@field replacements? moonwire.Replacement[] with smart = true: what was replaced

sms = {}

---Sends one SMS. Suspends the calling coroutine until the provider answers.
---Misuse (a missing `to`, a non-string field, an unknown field) raises an error.
---@param spec moonwire.SendSpec
---@return moonwire.Message|nil message
---@return moonwire.Error|nil err
function sms.send(spec) end

---How `text` encodes and splits into SMS segments (Twilio's rules).
---@param text string
---@param options? { smart?: boolean } smart: replace look-alikes (curly quotes, dashes, NBSP...) with GSM-7
---@return moonwire.Segmentation
function sms.segments(text, options) end

---Normalizes a phone number as people write it to E.164.
---@param number string e.g. "06 12 34 56 78", "+33 6 12 34 56 78", "0033612345678"
---@param region? string ISO 3166 code national numbers belong to (default MOONWIRE_REGION or "FR")
---@return string|nil e164
---@return moonwire.Error|nil err
function sms.normalize(number, region) end

clock = {}

---The current time in seconds since the Unix epoch, with milliseconds (comparable with os.time()).
---@return number
function clock.now() end

---Command-line arguments of `moonwire run FILE ARGS...`; arg[0] is FILE.
---@type string[]
arg = {}
