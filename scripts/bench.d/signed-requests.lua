-- wrk script of scripts/bench-catalog: POSTs distinct signed webhook payloads read from
-- BENCH_REQUESTS (one a line: timestamp TAB signature TAB idempotency-key TAB body, as written by
-- `ReportBench catalog-requests`). Thread t of BENCH_THREADS sends lines t, t+T, t+2T, ... in
-- order, so no request repeats unless the file runs out (done() says so).
local threads = {}

function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end

function init(args)
  local nthreads = tonumber(os.getenv("BENCH_THREADS"))
  requests = {}
  local i = 0
  for line in io.lines(os.getenv("BENCH_REQUESTS")) do
    if i % nthreads == tid then
      local ts, sig, key, body = line:match("^([^\t]*)\t([^\t]*)\t([^\t]*)\t(.*)$")
      requests[#requests + 1] = wrk.format("POST", nil, {
        ["Host"] = wrk.headers["Host"],
        ["Content-Type"] = "application/json",
        ["User-Agent"] = "wrk (scripts/bench-catalog)",
        ["X-Syncmetrics-Timestamp"] = ts,
        ["X-Syncmetrics-Signature"] = sig,
        ["Idempotency-Key"] = key,
      }, body)
    end
    i = i + 1
  end
  next_index = 0
end

function request()
  next_index = next_index % #requests + 1
  return requests[next_index]
end

done = function(summary, latency, requests)
  local available = tonumber(os.getenv("BENCH_COUNT"))
  io.write(string.format("bench: requests=%d duration_us=%d rps=%.0f p50_ms=%.2f p99_ms=%.2f errors=%d\n",
    summary.requests, summary.duration, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status
      + summary.errors.timeout))
  if summary.requests > available then
    io.write(string.format("bench: warning: %d requests but only %d distinct ones: some repeated\n",
      summary.requests, available))
  end
end
