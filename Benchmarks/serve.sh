#!/usr/bin/env bash
# Reproduces the server load numbers in BENCHMARKS.md: 300 entities × 4 signals × 30 days in
# the store, then wrk asking /api/series for 7 days of a random entity's bgp series.
# Needs: wrk (apt-get install wrk). Work folder: $1 (default /tmp/tocsin-bench).
set -euo pipefail
W=${1:-/tmp/tocsin-bench}
. "$(dirname "$0")/release.sh"
cd "$W"
if [ ! -f serve-data/tocsin.sqlite ]; then
    "$B" generate serve300.csv $((1200 * 8640)) 1200   # 300 entities × 4 signals × 30 days
    "$T" import signals --data serve-data serve300.csv
fi
PORT=18181
timeout 600 "$T" serve --data serve-data --port $PORT > serve.log 2>&1 & PID=$!
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null' EXIT
for i in $(seq 1 100); do curl -fs "http://127.0.0.1:$PORT/health" >/dev/null && break; sleep 0.2; done
# A Lua script that asks for a random entity's last 7 days on each request.
curl -fs "http://127.0.0.1:$PORT/api/entities" | python3 -c '
import json, sys
ids = [e["entity"] for e in json.load(sys.stdin)]
print("local ids = {" + ",".join(json.dumps(i) for i in ids) + "}")
print("math.randomseed(1)")
print("request = function()")
print("  local e = ids[math.random(#ids)]")
print("  return wrk.format(\"GET\", \"/api/series?entity=\" .. e .. \"&signal=bgp&from=1642982400&until=1643587200\")")
print("end")' > series.lua
echo "entities: $(grep -o '"' series.lua | wc -l | awk '{print $1/2}')"
for c in 4 16 64; do
    echo "== wrk: 2 threads, $c connections, 30 s (the detector replays the store every 60 s meanwhile)"
    wrk -t2 -c$c -d30s --latency -s series.lua "http://127.0.0.1:$PORT" | grep -E "Latency|50%|90%|99%|Requests/sec|requests in|Non-2xx"
done
