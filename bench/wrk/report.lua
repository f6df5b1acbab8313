-- Used by bench/run.sh for every wrk run.
--
-- With WRK_BODY_BYTES=N in the environment, each request is a POST of N bytes (wrk adds the Content-Length).
-- At the end, one machine-readable line replaces reading wrk's human summary:
--   RESULT requests=... duration_us=... bytes=... p50_us=... p99_us=... connect=... read=... write=... status=... timeout=...
-- "status" counts responses with a status of 400 or more; the other four are socket errors.

local body_bytes = tonumber(os.getenv("WRK_BODY_BYTES") or "0")
if body_bytes > 0 then
  wrk.method = "POST"
  wrk.body = string.rep("a", body_bytes)
  wrk.headers["Content-Type"] = "application/octet-stream"
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d duration_us=%d bytes=%d p50_us=%d p99_us=%d connect=%d read=%d write=%d status=%d timeout=%d\n",
    summary.requests, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(99),
    e.connect, e.read, e.write, e.status, e.timeout))
end
