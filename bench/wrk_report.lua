-- wrk script of bench/run: counts every answer that is not 2xx (wrk itself counts only >= 400) and
-- prints one line of JSON with the throughput, the latency percentiles and the errors.

-- With the arguments "fresh" and a prefix of the run's own (wrk ... URL -- fresh 1234), every request adds a
-- parameter of its own (&fresh=1234-thread-n), so that no page can come from the page cache.
-- With "rotate" (or "rotate-fresh") and a file of paths (wrk ... URL -- rotate 1234 paths.txt), the requests go
-- through the paths of the file in turn, each thread starting at a place of its own; "rotate-fresh" adds the
-- parameter of its own as well, so that no URL is asked twice.

local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
end

function init(args)
  non2xx = 0
  fresh = args[1] == "fresh" or args[1] == "rotate-fresh"
  prefix = args[2] or "0"
  sent = 0
  paths = {}
  if args[1] == "rotate" or args[1] == "rotate-fresh" then
    for line in io.lines(args[3]) do
      if line ~= "" then
        table.insert(paths, line)
      end
    end
  end
  start = #paths > 0 and (id * 97) % #paths or 0
end

function request()
  local path = wrk.path
  if #paths > 0 then
    path = paths[(start + sent) % #paths + 1]
  end
  sent = sent + 1
  if not fresh then
    return wrk.format(nil, path)
  end
  local separator = string.find(path, "?", 1, true) and "&" or "?"
  return wrk.format(nil, path .. separator .. "fresh=" .. prefix .. "-" .. id .. "-" .. sent)
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
  end
end

function done(summary, latency, requests)
  local non2xx_total = 0
  for _, thread in ipairs(threads) do
    non2xx_total = non2xx_total + (thread:get("non2xx") or 0)
  end
  local errors = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests": %d, "duration_us": %d, "rps": %.2f, "p50_ms": %.2f, "p95_ms": %.2f, "p99_ms": %.2f, '
      .. '"max_ms": %.2f, "non2xx": %d, "connect_errors": %d, "read_errors": %d, "write_errors": %d, '
      .. '"timeouts": %d}\n',
    summary.requests, summary.duration, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, non2xx_total, errors.connect, errors.read, errors.write, errors.timeout
  ))
end
