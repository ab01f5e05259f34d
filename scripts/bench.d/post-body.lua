-- wrk script of scripts/bench: POSTs the same body over every connection, like the reporter.
-- BENCH_BODY names the body file; BENCH_CONTENT_TYPE its media type (default application/json);
-- BENCH_METHOD the method (default POST).
local f = assert(io.open(os.getenv("BENCH_BODY"), "rb"))
wrk.body = f:read("*a")
f:close()
wrk.method = os.getenv("BENCH_METHOD") or "POST"
wrk.headers["Content-Type"] = os.getenv("BENCH_CONTENT_TYPE") or "application/json"
wrk.headers["User-Agent"] = "wrk (scripts/bench)"
wrk.headers["Idempotency-Key"] = "00000000-0000-0000-0000-000000000000:repository-12"
wrk.headers["X-Syncmetrics-Timestamp"] = "1763719200"
wrk.headers["X-Syncmetrics-Signature"] =
  "sha256=0000000000000000000000000000000000000000000000000000000000000000"

-- status errors (>= 400) are counted by wrk itself in summary.errors.status
done = function(summary, latency, requests)
  io.write(string.format("bench: requests=%d duration_us=%d rps=%.0f p50_ms=%.2f p99_ms=%.2f errors=%d\n",
    summary.requests, summary.duration, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status
      + summary.errors.timeout))
end
