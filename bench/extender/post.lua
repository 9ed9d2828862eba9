-- wrk script: POST one request body (a file) to the URL, again and again, over keep-alive connections.
--
--   wrk -t2 -c4 -d10s --latency -s bench/extender/post.lua http://127.0.0.1:PORT/prioritize -- BODY.json
--
-- The body file may also be given as BODY_FILE in the environment. The request is built once per thread
-- (wrk.method/body/headers set in init), so wrk sends a precomputed request and calls no Lua per request.
-- At the end, done() prints one machine-readable line that run.sh parses:
--   WRK_RESULT requests=.. duration_us=.. rps=.. p50_us=.. p90_us=.. p99_us=.. max_us=.. mean_us=.. errors=..

local function read_file(path)
  local f, err = io.open(path, "rb")
  if not f then
    error("post.lua: cannot open body file " .. tostring(path) .. ": " .. tostring(err))
  end
  local body = f:read("*a")
  f:close()
  return body
end

function init(args)
  local path = args[1] or os.getenv("BODY_FILE")
  if not path or path == "" then
    error("post.lua: give the body file after `--` or as BODY_FILE")
  end
  wrk.method = "POST"
  wrk.body = read_file(path)
  wrk.headers["Content-Type"] = "application/json"
  -- kube-scheduler's Go client sends Accept-Encoding: gzip and no Expect header; do the same.
  wrk.headers["Accept-Encoding"] = "gzip"
end

function done(summary, latency, requests)
  local e = summary.errors
  local errors = e.connect + e.read + e.write + e.timeout
  local seconds = summary.duration / 1e6
  io.write(string.format(
    "WRK_RESULT requests=%d duration_us=%d rps=%.1f p50_us=%d p90_us=%d p99_us=%d max_us=%d mean_us=%.1f " ..
    "errors=%d non2xx=%d timeouts=%d bytes=%d\n",
    summary.requests, summary.duration, summary.requests / seconds,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean,
    errors, e.status, e.timeout, summary.bytes))
end
