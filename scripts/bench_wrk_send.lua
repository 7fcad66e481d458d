-- wrk script for the send-throughput workload (scripts/bench): POSTs the body MoonwireBench's
-- `send` mode sends, with the same headers, to the sandbox's Conexteo endpoint. Each request
-- carries its own external_id, padded to the length of Moonwire's ("mw-" + a UUID): a reused key
-- would get a cheap 409 and inflate the ceiling.
--
--   wrk -t2 -c64 -d10s -s scripts/bench_wrk_send.lua http://127.0.0.1:PORT/conexteo/messages/sms -- RUN_ID
--
-- done() prints one line, `WRK_JSON {...}`, that scripts/bench parses.

local content = "Your verification code is 482194"
local recipient = "+33612345678"
local sender = "ACME"
local key_length = 39

local thread_count = 0

function setup(thread)
  thread_count = thread_count + 1
  thread:set("thread_id", thread_count)
end

local prefix
local counter = 0
local headers = {
  ["X-API-KEY"] = "sandbox",
  ["Content-Type"] = "application/json",
  ["Accept"] = "application/json",
  ["User-Agent"] = "moonwire",
}

function init(args)
  -- RUN_ID keeps keys unique across runs against the same database.
  prefix = string.format("wrk-%s-%d-", args[1] or "0", thread_id or 0)
end

function request()
  counter = counter + 1
  local external_id = string.format("%s%0" .. (key_length - #prefix) .. "d", prefix, counter)
  local body = string.format(
    '{"content":"%s","recipients":["%s"],"sender":"%s","external_id":"%s"}',
    content, recipient, sender, external_id)
  return wrk.format("POST", nil, headers, body)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests":%d,"duration_us":%d,"non2xx":%d,"connect_errors":%d,"read_errors":%d,' ..
    '"write_errors":%d,"timeouts":%d,"latency_p50_us":%d,"latency_p99_us":%d}\n',
    summary.requests, summary.duration, e.status, e.connect, e.read, e.write, e.timeout,
    math.floor(latency:percentile(50)), math.floor(latency:percentile(99))))
end
