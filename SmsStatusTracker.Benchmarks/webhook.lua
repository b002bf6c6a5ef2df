-- Cycles through pre-signed status callbacks, one per line: path, signature, idempotency token, body (tab-separated).
-- Thread k of n takes lines k, k+n, k+2n, ... so no two threads send the same request.
-- Arguments (after --): requests file, thread count.
local threads = {}
local created = 0

function setup(thread)
  thread:set("id", created)
  created = created + 1
  table.insert(threads, thread)
end

function init(args)
  local file, count = args[1], tonumber(args[2])
  requests = {}
  local index = 0
  for line in io.lines(file) do
    if index % count == id then
      local path, signature, token, body = line:match("^([^\t]*)\t([^\t]*)\t([^\t]*)\t(.*)$")
      requests[#requests + 1] = wrk.format("POST", path, {
        ["Content-Type"] = "application/x-www-form-urlencoded",
        ["X-Twilio-Signature"] = signature,
        ["I-Twilio-Idempotency-Token"] = token,
      }, body)
    end
    index = index + 1
  end
  n = 0
end

function request()
  local r = requests[(n % #requests) + 1]
  n = n + 1
  return r
end

function done(summary, latency, requests)
  local sent = {}
  for _, thread in ipairs(threads) do
    sent[#sent + 1] = thread:get("id") .. ":" .. thread:get("n")
  end
  local e = summary.errors
  io.write(string.format("RESULT requests=%d duration_us=%d status_errors=%d socket_errors=%d p50_us=%d p99_us=%d sent=%s\n",
    summary.requests, summary.duration, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(99), table.concat(sent, ",")))
end
