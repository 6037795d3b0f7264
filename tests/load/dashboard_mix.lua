-- The traffic of dashboards: the fleet query over POST /graphql, alternating with GETs of the
-- REST aliases. The Authorization header comes from wrk's -H and is kept on every request.
-- done() prints one line, LOAD_SUMMARY {json}, for the harness to read.

local query = [[{ agents { id version cognitiveState { current since }
  llm { totals { totalRequests failureRate costCents tokensTotal providersAvailable }
        providers { name model costCents circuitBreaker { state consecutiveFailures } } }
  circuitBreakers { source key state }
  queue { depth thoughtsPerSecond averageLatencyMs }
  serviceHealth { overall unhealthyCount } } }]]
local graphql_body = '{"query": "' .. query:gsub("\n", " "):gsub('"', '\\"') .. '"}'

local aliases = {
  "/v1/telemetry/llm/usage",
  "/v1/telemetry/circuit-breakers",
  "/v1/runtime/queue/status",
  "/v1/visibility/cognitive-state",
  "/v1/system/services/health",
  "/v1/fleet/dashboard",
}

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

-- Per-thread counters: globals, so done() can read them with thread:get().
sent = 0
not_ok = 0
error_bodies = 0

function request()
  sent = sent + 1
  if sent % 2 == 1 then
    local headers = {}
    for name, value in pairs(wrk.headers) do
      headers[name] = value
    end
    headers["Content-Type"] = "application/json"
    return wrk.format("POST", "/graphql", headers, graphql_body)
  end
  return wrk.format("GET", aliases[math.floor(sent / 2) % #aliases + 1])
end

function response(status, headers, body)
  if status ~= 200 then
    not_ok = not_ok + 1
  end
  -- A 200 GraphQL answer may still carry errors: count those too.
  if body:find('"errors"', 1, true) then
    error_bodies = error_bodies + 1
  end
end

function done(summary, latency, requests)
  local total_not_ok, total_error_bodies = 0, 0
  for _, thread in ipairs(threads) do
    total_not_ok = total_not_ok + thread:get("not_ok")
    total_error_bodies = total_error_bodies + thread:get("error_bodies")
  end
  local e = summary.errors
  io.write(string.format(
    'LOAD_SUMMARY {"requests": %d, "duration_us": %d, "bytes": %d, "not_ok": %d, '
      .. '"error_bodies": %d, "connect_errors": %d, "read_errors": %d, "write_errors": %d, '
      .. '"status_errors": %d, "timeouts": %d, "latency_us": {"mean": %.1f, "p50": %d, '
      .. '"p90": %d, "p99": %d, "max": %d}}\n',
    summary.requests, summary.duration, summary.bytes, total_not_ok, total_error_bodies,
    e.connect, e.read, e.write, e.status, e.timeout, latency.mean, latency:percentile(50),
    latency:percentile(90), latency:percentile(99), latency.max))
end
