-- Sends the session cookie and prints a JSON summary that harness.py reads.
local cookie = os.getenv("BENCH_COOKIE") or ""
wrk.headers["Cookie"] = cookie

done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    'JSON{"requests":%d,"duration_us":%d,"p50_us":%d,"p95_us":%d,"p99_us":%d,' ..
    '"max_us":%d,"socket_errors":%d,"non2xx":%d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max,
    errors.connect + errors.read + errors.write + errors.timeout, summary.errors.status))
end
