-- wrk script for scripts/bench/serve: every request POSTs one of the JPEGs listed in the file named by
-- $SERVE_BENCH_LIST (one path a line) to /v1/match as the raw body, in turn, with the bearer token of
-- $PHOTOAUDIT_TOKEN; at the end it prints the figures scripts/bench/serve reports (latency in ms).
local bodies = {}
local counter = 0

local function read_all(path)
  local f = assert(io.open(path, "rb"))
  local data = f:read("*a")
  f:close()
  return data
end

function init(args)
  for path in io.lines(os.getenv("SERVE_BENCH_LIST")) do
    bodies[#bodies + 1] = read_all(path)
  end
  counter = math.random(#bodies)
end

function request()
  counter = counter % #bodies + 1
  return wrk.format("POST", "/v1/match?channel=online", {
    ["Authorization"] = "Bearer " .. os.getenv("PHOTOAUDIT_TOKEN"),
    ["Content-Type"] = "image/jpeg",
  }, bodies[counter])
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("requests %d\n", summary.requests))
  io.write(string.format("seconds %.1f\n", summary.duration / 1e6))
  io.write(string.format("p50_ms %.1f\np95_ms %.1f\np99_ms %.1f\nmax_ms %.1f\n", latency:percentile(50) / 1000,
                         latency:percentile(95) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
  io.write(string.format("errors_connect %d\nerrors_read %d\nerrors_write %d\nerrors_status %d\nerrors_timeout %d\n",
                         e.connect, e.read, e.write, e.status, e.timeout))
end
