---@meta moonwire
-- LuaCATS definitions of the Moonwire Lua surface, for the Lua language server (sumneko/LuaLS).
-- Point your editor at this folder (see .luarc.json at the repository root) to get completion
-- and checks in plugins. Only what this build provides is declared here (DESIGN.md §3 is the
-- target).

---An expected failure, returned as the second value after `nil`. `tostring(err)` gives
---"code: message".
---@class moonwire.Error
---@field code string        stable machine-readable code, e.g. "not_e164", "empty_body"
---@field message string     what went wrong, naming the value, with a hint
---@field retryable boolean  true when trying again later may succeed
---@field queued? boolean     true when the outbox keeps the send and tries again by itself

---A message the provider accepted.
---@class moonwire.Message
---@field id? string              the provider's message id ("sbx_..." in the sandbox); absent while deferred
---@field status "accepted"|"deferred"|"sending" deferred: held by the send window until send_at
---@field to string               recipient, E.164
---@field from? string            sender id, when one was given
---@field class "transactional"|"marketing"
---@field send_at? string         ISO 8601, UTC: when a deferred send goes out
---@field outbox_id integer       the send's row in the outbox
---@field segments integer        SMS segments billed
---@field encoding "GSM-7"|"UCS-2"
---@field external_id string      the dedup key: yours, or one Moonwire derived (stable across a handler's re-runs)
---@field already_processed? true set when a message with this external_id was sent before: nothing was sent again
---@field created_at string       ISO 8601, UTC

---@class moonwire.SendSpec
---@field to string           recipient in E.164, e.g. "+33612345678" (use sms.normalize for "06 12 34 56 78")
---@field body string         the text; 1 to 1,600 characters
---@field from? string        sender id: up to 11 letters/digits, or a number; default: the account's
---@field external_id? string dedup key (1-128 bytes): a second send with the same key sends nothing
---@field class? "transactional"|"marketing" marketing sends wait for the send window (default transactional)

---@class moonwire.BulkSpec
---@field to string[]         recipients; each is checked on its own (a bad one fails its entry only)
---@field body string
---@field from? string
---@field external_id? string base dedup key (1 to 128 bytes); recipient n gets "<key>:<n>", shortened with a hash past 128 bytes
---@field class? "transactional"|"marketing" default marketing

---@class moonwire.BulkEntryError
---@field to string
---@field error { code: string, message: string }

---@class moonwire.BulkResult
---@field total integer
---@field sent integer
---@field deferred integer
---@field failed integer
---@field messages (moonwire.Message|moonwire.BulkEntryError)[] one entry per recipient, in order

---@class moonwire.Reply
---@field id string        the provider's id for the reply
---@field inbound_id integer
---@field from string      who replied, E.164
---@field to string        the number or sender id replied to
---@field body string
---@field word string      the first word, upper-cased, accents and punctuation removed ("oui !" -> "OUI")
---@field at number        Unix time, seconds
local Reply = {}

---Answers the sender. The dedup key derives from the inbound message and the call's position, so
---a handler re-run after a crash never sends twice.
---@param text string
---@param options? { from?: string, class?: "transactional"|"marketing" }
---@return moonwire.Message|nil message
---@return moonwire.Error|nil err
function Reply:reply(text, options) end

---@class moonwire.StopEntry
---@field phone string
---@field source "keyword"|"script"|"provider" "keyword": replied STOP; "script": stops.add; "provider": on the provider's own list (stops.sync, or a send it refused)
---@field at number

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

---Sends one body to many numbers, each as its own outbox row; marketing by default.
---@param spec moonwire.BulkSpec
---@return moonwire.BulkResult|nil result
---@return moonwire.Error|nil err
function sms.bulk(spec) end

---How `text` encodes and splits into SMS segments (Twilio's rules).
---@param text string at most 64 KiB (longer text raises)
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
---With the sandbox it is the virtual clock. Raises inside a flow: use flow:now().
---@return number
function clock.now() end

---Moves the sandbox's virtual clock forward, stopping at each instant where something falls due
---(a sleeping flow, an ask's deadline, a schedule, a deferred send) to do it, in time order.
---Sandbox only; raises inside a flow.
---@param duration string|number "90s", "3d", "1h30m", or seconds
---@return number now the new time, Unix seconds
function clock.advance(duration) end

on = {}

---Runs `handler` for every reply no keyword handler took (`moonwire serve`).
---@param handler fun(r: moonwire.Reply)
function on.reply(handler) end

---Runs `handler` for replies whose first word is one of `words` (case, accents, punctuation ignored).
---@param words string|string[]
---@param handler fun(r: moonwire.Reply)
function on.keyword(words, handler) end

---@class moonwire.Delivery
---@field id string          the provider's id of the message
---@field to string          E.164
---@field status "sent"|"delivered"|"failed"
---@field error? string      why it failed, when the provider says
---@field at number          Unix seconds
---@field provider string    sandbox, conerix
---@field event_id string
---@field report_id integer
---@field external_id? string the send's dedup key, when it was sent from here
---@field class? "transactional"|"marketing"|"policy"
---@field body? string

---Runs `handler` for each delivery report: the sandbox reports every message delivered;
---Conerix posts signed events to `moonwire serve --http`. Conexteo publishes no delivery webhook.
---@param handler fun(d: moonwire.Delivery)
function on.delivery(handler) end

policy = {}

---Words the opt-out confirmations (one SMS segment each) and adds opt-out phrases to the
---standard lists, which always keep working. Misuse raises. A plugin reload starts from the defaults.
---@param spec { stop_confirmation?: string, start_confirmation?: string, stop_words?: string[], start_words?: string[] }
function policy.set(spec) end

---@class moonwire.Policy
---@field stop_confirmation string
---@field start_confirmation string
---@field stop_words string[]   folded (upper case, no accents)
---@field start_words string[]
---@field window { days: string[], opens: string, closes: string, zone: string, french_holidays: boolean }

---What is in force now.
---@return moonwire.Policy
function policy.get() end

rcs = {}

---@class moonwire.RCSButton
---@field type "url"|"call"
---@field title string
---@field url? string    for type "url"
---@field phone? string  for type "call"

---@class moonwire.RCSCard
---@field media string   http(s) URL of a picture or video
---@field title? string
---@field description? string
---@field buttons? moonwire.RCSButton[] at most 4

---Sends an RCS message (exactly one of text, card, carousel of 2-10 cards) through the outbox:
---dedup, stop list and send window as for sms.send. Conexteo and the sandbox send it; Conerix
---answers nil, err with code "not_supported". A malformed card raises.
---@param spec { to: string, text?: string, card?: moonwire.RCSCard, carousel?: moonwire.RCSCard[], fallback?: string|{ body: string, from?: string }, external_id?: string, class?: "transactional"|"marketing" }
---@return moonwire.Message|nil message encoding "RCS"
---@return moonwire.Error|nil err
function rcs.send(spec) end

stops = {}

---Puts a number on the stop list: nothing but its opt-out confirmation is sent to it.
---@param phone string
---@return boolean|nil added false when it was already there
---@return moonwire.Error|nil err
function stops.add(phone) end

---Takes a number off the stop list.
---@param phone string
---@return boolean|nil removed false when it was not there
---@return moonwire.Error|nil err
function stops.remove(phone) end

---@param phone string
---@return boolean|nil stopped
---@return moonwire.Error|nil err
function stops.contains(phone) end

---@return moonwire.StopEntry[]|nil entries
---@return moonwire.Error|nil err
function stops.list() end

---Pulls the provider's own stop list (Conexteo's: STOPs it handled, its console) into the local
---one; `serve` does it at start and every `MOONWIRE_STOP_SYNC` seconds (default 600). Only adds.
---A send Conexteo refuses for a stopped number is `nil, err` (opted_out) and adds it at once.
---`nil, err` (not_supported) with a provider that keeps no list of its own.
---@return { listed: integer, added: string[] }|nil result  added: the numbers the local list lacked
---@return moonwire.Error|nil err
function stops.sync() end

---@class moonwire.Contact
---@field phone string           E.164
---@field first_name? string
---@field last_name? string
---@field email? string
---@field fields table<string, string> free fields (numbers are stored as text)
---@field lists? string[]        the lists it belongs to
---@field created_at string

contacts = {}

---Adds (or replaces) a contact; `lists` must exist. On Conexteo the contact is written to
---Conexteo's lists too (fields address, postal_code, city, date, perso1..perso10 map to its fields).
---@param spec { phone: string, first_name?: string, last_name?: string, email?: string, fields?: table<string, string|number>, lists?: string[] }
---@return moonwire.Contact|nil contact
---@return moonwire.Error|nil err  unknown_list, invalid_number...
function contacts.add(spec) end

---@param phone string
---@return moonwire.Contact|nil contact nil when there is none
function contacts.get(phone) end

---Changes some fields; `fields` are merged into the existing ones.
---@param phone string
---@param changes { first_name?: string, last_name?: string, email?: string, fields?: table<string, string|number> }
---@return moonwire.Contact|nil contact
---@return moonwire.Error|nil err not_found when there is no such contact
function contacts.update(phone, changes) end

---@param phone string
---@return boolean|nil removed
function contacts.remove(phone) end

lists = {}

---@param name string
---@return boolean|nil created false when it existed
function lists.create(name) end

---@param name string
---@return boolean|nil deleted
function lists.delete(name) end

---Adds a number to a list (creating a bare contact if needed).
---@param name string
---@param phone string
---@return boolean|nil added false when it was a member
---@return moonwire.Error|nil err unknown_list
function lists.add(name, phone) end

---@param name string
---@param phone string
---@return boolean|nil removed
function lists.remove(name, phone) end

---@param name string
---@return moonwire.Contact[]|nil members
---@return moonwire.Error|nil err unknown_list
function lists.members(name) end

---@return { name: string, count: integer }[]
function lists.all() end

---@class moonwire.Template
---@field name string
---@field body string
---@field from? string

templates = {}

---Creates (or replaces) a template; `{{field}}` placeholders name contact fields.
---@param spec { name: string, body: string, from?: string }
---@return moonwire.Template|nil template
---@return moonwire.Error|nil err invalid_template
function templates.create(spec) end

---@param name string
---@return moonwire.Template|nil
function templates.get(name) end

---@return moonwire.Template[]
function templates.list() end

---@param name string
---@return boolean|nil deleted
function templates.delete(name) end

---Renders a template for a contact (a table, or a phone number looked up in the directory).
---A field the contact lacks is an error (unknown_template_field), never an empty string.
---@param name string
---@param contact moonwire.Contact|table|string
---@param extra? table<string, string|number> values that override the contact's
---@return string|nil text
---@return moonwire.Error|nil err
function templates.render(name, contact, extra) end

---The account's balance: Conexteo's credit buckets; one unlimited bucket in the sandbox;
---`nil, err` (not_supported) on Conerix, which publishes no balance API.
---@return { credits: number, label?: string, type?: string, price?: number }[]|nil buckets
---@return moonwire.Error|nil err
function credits() end

---JSON (RFC 8259) both ways, straight from and to Lua values.
json = {}

---The value JSON's `null` decodes to (and encodes from): a userdata that prints as "json.null".
---@type userdata
json.null = nil

---`value` as JSON text. Tables with keys 1..n are arrays, tables with string keys objects
---(keys in byte order, so the same table gives the same text); `{}` is an object unless marked
---with `json.array`. Integers stay integers, floats keep a point (`1.0`). `nil, err` for what
---JSON cannot carry (err.code: cycle, too_deep (over 200 levels), unsupported_type, bad_key,
---not_finite, invalid_utf8, too_large), with `err.path` naming the value ("value.items[3]").
---@param value any
---@param options? { indent?: integer|boolean }  spaces per level (true = 2); default one line
---@return string|nil text
---@return moonwire.Error|nil err
function json.encode(value, options) end

---The value `text` holds. Objects and arrays become tables (arrays marked as by `json.array`,
---so they encode back as arrays), `null` becomes `json.null`, numbers without a fraction or
---exponent integers. `nil, err` with `err.offset` (1-based byte) for text that is not JSON, for
---invalid UTF-8, for a number Lua cannot hold exactly (err.code number_out_of_range: an
---integer beyond 64 bits, a float beyond 1.8e308), for nesting over 200 levels.
---@param text string
---@return any|nil value
---@return moonwire.Error|nil err
function json.decode(text) end

---Marks `t` (or a new table) to encode as an array, even when empty: `json.array{}` is `[]`.
---@generic T: table
---@param t? T
---@return T
function json.array(t) end

---The plugin's own durable keys, kept in the engine's database (SQLite or PostgreSQL). Each
---plugin sees only its keys; `moonwire run` scripts and the REPL share one space of their own.
---A key is a string of 1 to 200 bytes. Values are what JSON carries (up to 64 KiB as JSON), and
---come back as plain tables (a `json.null` inside reads as nil). A `ttl` counts on the engine's
---clock (the sandbox's virtual one). Inside a flow these raise: use `flow:state_get` and its
---siblings, which are journaled. A store failure is `nil, err`.
state = {}

---The value of `key`, or nil when it is absent or expired.
---@param key string
---@return any|nil value
---@return moonwire.Error|nil err
function state.get(key) end

---Sets `key` (a nil value raises: use state.delete). `nil, err` for a value JSON cannot carry
---(err.code as json.encode's) or one over 64 KiB (too_large).
---@param key string
---@param value any
---@param options? { ttl?: string|number }  "1d", "2h30m" or seconds; default: never expires
---@return true|nil ok
---@return moonwire.Error|nil err
function state.set(key, value, options) end

---Adds `by` (an integer, default 1) to the integer at `key` atomically and returns the sum: no
---increment is lost between handlers or processes. An absent or expired key counts from 0 and
---takes the `ttl`; an existing one keeps its expiry (a daily counter: `{ttl = "1d"}`).
---`nil, err` (refused) when the value is not an integer or the sum passes 64 bits.
---@param key string
---@param by? integer
---@param options? { ttl?: string|number }
---@return integer|nil sum
---@return moonwire.Error|nil err
function state.incr(key, by, options) end

---Removes `key`: true when it was there, false when absent or expired.
---@param key string
---@return boolean|nil deleted
---@return moonwire.Error|nil err
function state.delete(key) end

---The live keys starting with `prefix` (default: all), in byte order; `nil, err` (too_many) past 10,000.
---@param prefix? string
---@return string[]|nil keys
---@return moonwire.Error|nil err
function state.keys(prefix) end

---Calls the business's own systems over HTTP. The calling coroutine waits while the call runs
---(other handlers go on); an answer of any status is a `moonwire.HTTPResponse`, no answer is
---`nil, err` with `err.code` one of `timeout`, `refused`, `unknown_host`, `too_large`,
---`blocked_address`, `bad_url`, `too_many_redirects`, `tls`, `connection_lost`, `cancelled`
---(and `err.retryable`: a `timeout` or `connection_lost` of a POST or PATCH without an
---Idempotency-Key is not, since the server may have acted). http and https only; at most 5
---redirects, each checked again.
---Loopback, private, link-local and metadata addresses (127.0.0.1, 10.x, 192.168.x, [::1],
---169.254.169.254...) are refused unless `MOONWIRE_HTTP_ALLOW` (`[http] allow`) names the host,
---e.g. `127.0.0.1:8080,crm.internal`. Inside a flow these raise: use `flow:http`, which is
---journaled. Authorization and cookie headers and query values never reach the logs.
http = {}

---@class moonwire.HTTPRequest
---@field url string  http:// or https://
---@field method? "GET"|"POST"|"PUT"|"PATCH"|"DELETE"|"HEAD"|"OPTIONS"  default GET
---@field headers? table<string, string>
---@field body? string  sent as is
---@field json? any  encoded with json.encode, Content-Type application/json (not with body)
---@field timeout? number|string  the whole call, redirects included: default 10 s, at most 60
---@field max_bytes? integer  the largest answer read: default 1 MiB (1048576), at most 16 MiB

---@class moonwire.HTTPResponse
---@field status integer
---@field headers table<string, string>  names lowercased; repeated headers joined with ", "
---@field body string
---@field json? any  the body decoded, when its Content-Type is JSON and it parses
---@field url string  the URL that answered, after redirects

---One call.
---@param request moonwire.HTTPRequest
---@return moonwire.HTTPResponse|nil response
---@return moonwire.Error|nil err
function http.request(request) end

---`http.request{method = "GET", url = url, ...}`.
---@param url string
---@param options? { headers?: table<string, string>, timeout?: number|string, max_bytes?: integer }
---@return moonwire.HTTPResponse|nil response
---@return moonwire.Error|nil err
function http.get(url, options) end

---A POST: a string body is sent as it is, a table as JSON.
---@param url string
---@param body string|table
---@param options? { headers?: table<string, string>, timeout?: number|string, max_bytes?: integer }
---@return moonwire.HTTPResponse|nil response
---@return moonwire.Error|nil err
function http.post(url, body, options) end

sandbox = {}

---A handset answers, in the sandbox: `moonwire serve` routes it like a real reply.
---@param spec { from: string, body: string, to?: string }
---@return { id: string, seq: integer }|nil reply
---@return moonwire.Error|nil err
function sandbox.reply(spec) end

---@class moonwire.PluginStatus
---@field name string       the file name, e.g. "autoreply.lua"
---@field path string
---@field loaded boolean
---@field handlers integer  handlers it registered
---@field error? string     why it failed to load ("plugins/x.lua:3: ...")

---@class moonwire.OutboxRow
---@field id integer
---@field to string
---@field from? string
---@field body string
---@field status "pending"|"deferred"|"sending"|"sent"|"failed"|"blocked"|"unknown"
---@field class "transactional"|"marketing"|"policy" policy: a STOP confirmation, the one send the stop list lets through
---@field origin string       what queued it: "script", "cli" (moonwire send), "inbound:<id>" (a handler), "delivery:<id>" (an on.delivery handler), "flow:<run id>", "schedule:<name>", "policy" (a STOP/START confirmation)
---@field external_id string  the dedup key
---@field not_before number   Unix seconds: when it may go (the window opening, for a deferred send)
---@field attempts integer
---@field segments integer
---@field encoding "GSM-7"|"UCS-2"|"RCS"
---@field provider_id? string the provider's message id once sent
---@field already_processed? boolean true when the provider answered that its external id was already processed (Conexteo's 409): a send made earlier stands for this one
---@field error_code? string
---@field error_message? string
---@field created_at number

---@class moonwire.InboundMessage
---@field id integer
---@field provider string
---@field provider_id string
---@field from string         E.164
---@field to string
---@field body string
---@field at number           Unix seconds
---@field status "pending"|"handled"|"poisoned" poisoned: set aside after a limit stopped its handler on every attempt (`moonwire inbound failed`)
---@field error? string       handler failures, one per line

---Read-only views of the engine, for operators (the REPL's plugins(), pending() and inbox()).
moonwire = {}

---How the last plugin load went, in file name order.
---@return moonwire.PluginStatus[]
function moonwire.plugins() end

---Outbox rows, newest first.
---@param options? { status?: string|string[], limit?: integer } limit: 1 to 1000, default 50
---@return moonwire.OutboxRow[]|nil rows
---@return moonwire.Error|nil err
function moonwire.outbox(options) end

---The last `n` inbound messages (default 10, at most 1000), newest first.
---@param n? integer
---@return moonwire.InboundMessage[]|nil messages
---@return moonwire.Error|nil err
function moonwire.inbox(n) end

---The `flow` a flow function receives: its run, and the journaled effects (each a numbered step:
---replayed from the journal after a restart, done live the first time).
---@class moonwire.Flow
---@field id integer            the run's id
---@field name string           the flow's name
---@field phone string          the number the run talks to, E.164
---@field contact moonwire.Contact|{ phone: string } the contact as it was when the run started
---@field vars table<string, string|number|boolean> the vars given to flows.start
local Flow = {}

---Sends to the run's number: `text` with {{field}} placeholders filled from the contact and vars,
---or the name of a stored template. Same checks and policy as sms.send (stop list, send window
---for class "marketing"); never sent twice, whatever crashes.
---@param text string
---@param options? { from?: string, class?: "transactional"|"marketing" }
---@return moonwire.Message|nil message
---@return moonwire.Error|nil err
function Flow:send(text, options) end

---Sends `text` and waits for the number's reply, up to `timeout`. Returns the reply, or nil when
---the timeout passed (nil, err when the question could not be sent). The reply goes to this run
---only, never to keyword handlers; a STOP ends the run instead.
---@param text string
---@param options? { timeout?: string|number, from?: string, class?: "transactional"|"marketing" }
---@return moonwire.FlowReply|nil answer
---@return moonwire.Error|nil err
function Flow:ask(text, options) end

---Waits `duration` ("90s", "3d", "2w", "1h30m", or seconds) without holding memory.
---@param duration string|number
function Flow:sleep(duration) end

---Waits until `time`: ISO 8601 ("2026-12-01T09:00:00+01:00"), a Paris wall time
---("2026-12-01 09:00"), or Unix seconds. Returns at once if it has passed.
---@param time string|number
function Flow:sleep_until(time) end

---The current time (Unix seconds, with milliseconds), journaled: a replay gets the same value.
---Use it instead of os.time(), which raises inside a flow.
---@return number
function Flow:now() end

---A random number, journaled: () a float in [0, 1), (m) an integer in 1..m, (m, n) in m..n.
---Use it instead of math.random, which raises inside a flow.
---@param m? integer
---@param n? integer
---@return number
function Flow:random(m, n) end

---`state.get`, journaled: a replay gets the value the live run read.
---@param key string
---@return any|nil value
---@return moonwire.Error|nil err
function Flow:state_get(key) end

---`state.set`, journaled; a step re-run after a crash does not write again.
---@param key string
---@param value any
---@param options? { ttl?: string|number }
---@return true|nil ok
---@return moonwire.Error|nil err
function Flow:state_set(key, value, options) end

---`state.incr`, journaled: the increment is applied once, whatever restarts come.
---@param key string
---@param by? integer
---@param options? { ttl?: string|number }
---@return integer|nil sum
---@return moonwire.Error|nil err
function Flow:state_incr(key, by, options) end

---`state.delete`, journaled.
---@param key string
---@return boolean|nil deleted
---@return moonwire.Error|nil err
function Flow:state_delete(key) end

---`http.request`, as a journaled step: the answer (or the last failure) is recorded, and a replay
---returns it without calling. Every try sends `Idempotency-Key: flow-<run>-<step>` (unless you set
---one), so a call cut short by a crash is made again with the same key; timeouts, lost
---connections, 5xx and 429 are tried again (`retries`, default 3: at most 4 tries) after 0.5 s,
---1 s, 2 s... or what Retry-After asks (at most a minute). The answer is kept as recorded: its
---`url` with query values hidden and without `set-cookie` headers, live and replayed alike.
---@param request moonwire.HTTPRequest|{ retries?: integer }
---@return moonwire.HTTPResponse|nil response
---@return moonwire.Error|nil err
function Flow:http(request) end

---The reply flow:ask returns.
---@class moonwire.FlowReply
---@field body string
---@field from string  E.164
---@field to string
---@field at number    Unix seconds
---@field id string    the provider's id for the reply
local FlowReply = {}

---The reply's first word, upper-cased, accents and punctuation removed: "oui !" gives "OUI".
---@return string
function FlowReply:word() end

---A run as flows.list and flows.get return it.
---@class moonwire.FlowRun
---@field id integer
---@field flow string
---@field phone string
---@field status "active"|"sleeping"|"waiting"|"completed"|"cancelled"|"failed"|"stopped"
---@field vars table
---@field next_wake? string  ISO 8601, UTC: a sleeping run's wake-up, a waiting run's deadline
---@field error_code? string e.g. "non_deterministic", "flow_error"
---@field error? string
---@field version string     the hash of the plugin source the run is pinned to
---@field created_at string
---@field updated_at string
---@field journal? { step: integer, kind: "send"|"ask"|"sleep"|"sleep_until"|"now"|"random", args: string, result?: table, due_at?: string, at: string }[] flows.get only
---@field waiting_at_step? integer flows.get only

flows = {}

---Defines a flow: `fn(flow, contact)` reads as a story (send, sleep, ask, branch) and survives
---restarts by journal replay. Runs are pinned to the plugin's source: after an edit, new runs use
---the new code and running ones finish with theirs.
---@param name string
---@param fn fun(flow: moonwire.Flow, contact: moonwire.Contact|{ phone: string })
---@param options? { allow_parallel?: boolean } allow several live runs per number
function flows.define(name, fn, options) end

---Starts a run for `phone` and returns its id at once (the run starts right away). Refused with
---err.code "already_running" (err.run_id) when the number has a live run of the flow, unless
---allow_parallel. Raises for a flow that is not defined.
---@param name string
---@param phone string
---@param vars? table<string, string|number|boolean>
---@param options? { allow_parallel?: boolean }
---@return integer|nil run_id
---@return moonwire.Error|nil err
function flows.start(name, phone, vars, options) end

---Runs, newest first.
---@param filter? { status?: string, flow?: string, phone?: string, limit?: integer }
---@return moonwire.FlowRun[]
function flows.list(filter) end

---A run with its journal, or nil.
---@param id integer
---@return moonwire.FlowRun|nil
function flows.get(id) end

---Cancels a run: true, false when it was already over, nil, err (not_found) for no such run.
---@param id integer
---@return boolean|nil cancelled
---@return moonwire.Error|nil err
function flows.cancel(id) end

schedule = {}

---Runs `fn` at every instant the 5-field cron expression matches in `tz` (default
---"Europe/Paris"), correct across DST changes. Persisted by name (default "<plugin>: every
---<cron>"); a fire missed while Moonwire was down runs once at start unless missed = "skip".
---Returns the name.
---@param cron string e.g. "0 9 * * 1-5"
---@param fn fun(fire: { name: string, at: number })
---@param options? { tz?: string, name?: string, missed?: "run"|"skip" }
---@return string name
function schedule.every(cron, fn, options) end

---Runs `fn` once at `time` (ISO 8601, a wall time in `tz`, or Unix seconds).
---@param time string|number
---@param fn fun(fire: { name: string, at: number })
---@param options? { tz?: string, name?: string, missed?: "run"|"skip" }
---@return string name
function schedule.at(time, fn, options) end

---Command-line arguments of `moonwire run FILE ARGS...`; arg[0] is FILE.
---@type string[]
arg = {}

-- `moonwire test`: the globals of a *_test.lua file (never loaded as a plugin).

---A message as `t:sent` lists it.
---@class moonwire.SentMessage
---@field to string E.164
---@field body string
---@field from string the sender (MOONWIRE, the sandbox's default, when none was given)
---@field class "transactional"|"marketing"|"policy"
---@field at number when it was accepted, Unix seconds on the virtual clock
---@field status "pending"|"deferred"|"sending"|"sent"|"failed"|"blocked"|"unknown"

---An expectation on a value: each method raises at the test's line when it does not hold,
---and returns the expectation (so they chain).
---@class moonwire.Expectation
local Expectation = {}

---Deep equality (tables compared key by key; a failure lists where they differ).
---@param expected any
---@return moonwire.Expectation
function Expectation:equals(expected) end

---A string holding `part` (plain text, not a pattern), or a table with an element equal to it.
---@param part any
---@return moonwire.Expectation
function Expectation:contains(part) end

---A string matching the Lua pattern.
---@param pattern string
---@return moonwire.Expectation
function Expectation:matches(pattern) end

---The value is nil.
---@return moonwire.Expectation
function Expectation:is_nil() end

---What a test function gets: drives its runtime (in-memory store, sandbox provider, virtual clock).
---@class moonwire.TestContext
local TestContext = {}

---A handset replies; returns once the reply is routed and every handler and flow it woke has
---finished. Raises if one of them failed.
---@param reply { from: string, body: string, to?: string }
function TestContext:reply(reply) end

---Moves the virtual clock, firing what falls due on the way in time order (as clock.advance);
---returns the new time (Unix seconds). Raises if a flow or schedule failed.
---@param duration string|number "3d", "1h30m", or seconds
---@return number now
function TestContext:advance(duration) end

---The messages accepted since the test began, oldest first, optionally only those to a number.
---@param filter? { to?: string }
---@return moonwire.SentMessage[]
function TestContext:sent(filter) end

---An expectation on `value`: t:expect(x):equals(y).
---@param value any
---@return moonwire.Expectation
function TestContext:expect(value) end

---Answers the plugins' `http` and `flow:http` calls whose URL matches `pattern` (a part of
---the URL, or a Lua pattern), optionally after a method: "POST /leads", "GET /orders/%d+".
---The latest matching answer wins; a call nothing matches gets `nil, err` with code `refused`
---(no call leaves a test). The answer is a table (`status` default 200, `headers`, and `body`
---or `json`, which sets Content-Type), a string (the body, status 200), or a function of the
---request returning one of those, or `nil, code [, message]` to fail the call ("timeout",
---"refused", "connection_lost"...). flow:http does not wait between its tries in a test.
---@param pattern string
---@param response string|moonwire.TestHTTPAnswer|fun(request: moonwire.TestHTTPRequest): (string|moonwire.TestHTTPAnswer|nil), string?, string?
function TestContext:http(pattern, response) end

---The HTTP requests the plugins made since the test began, oldest first (answered or not).
---@return moonwire.TestHTTPRequest[]
function TestContext:requests() end

---What `t:http` answers.
---@class moonwire.TestHTTPAnswer
---@field status? integer 100 to 599, default 200
---@field headers? table<string, string>
---@field body? string
---@field json? any encoded as the body, with Content-Type: application/json

---A request a plugin made, as `t:http`'s functions and `t:requests` see it.
---@class moonwire.TestHTTPRequest
---@field method string
---@field url string
---@field headers table<string, string> names in lower case (flow:http's carry idempotency-key)
---@field body? string
---@field json? any the body decoded, when Content-Type names JSON

---Declares a test: `fn` runs in a fresh runtime with the directory's plugins loaded.
---@class moonwire.Test
---@overload fun(name: string, fn: fun(t: moonwire.TestContext))
test = {}

---Where the virtual clock starts for every test of this file (default
---"2026-01-05T09:00:00+01:00", a Monday); call it at the top of the file.
---@param instant string|number ISO 8601, a Paris wall time, or Unix seconds
function test.start_at(instant) end
