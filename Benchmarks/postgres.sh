#!/usr/bin/env bash
# Reproduces the PostgreSQL numbers in BENCHMARKS.md: import of the spine's 10 M-row Signals
# CSV into a PostgreSQL store beside psql's \copy of the same file into a plain table, and
# 30-day range queries, and a year of history pruned by a retention. Starts a throw-away
# cluster of its own (initdb in the work folder,
# on a free port, stopped by PID at the end).
# Needs: hyperfine, postgresql (apt-get install hyperfine postgresql). Work folder: $1.
set -euo pipefail
W=${1:-/tmp/tocsin-bench}
. "$(dirname "$0")/release.sh"
[ -f "$W/sig10m.csv" ] || "$B" generate "$W/sig10m.csv" 10000000
[ -f "$W/q.csv" ] || "$B" generate "$W/q.csv" 1728000 200
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
C="$W/pg"
rm -rf "$C" && mkdir -p "$C"
AS=()
if [ "$(id -u)" -eq 0 ]; then chown postgres "$C"; AS=(setpriv --reuid=postgres --regid=postgres --init-groups); fi
"${AS[@]}" "$PGBIN/initdb" -D "$C/data" -U tocsin -A trust --no-sync >/dev/null
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
# Durable settings (fsync on): a benchmark of what a user's server does.
"${AS[@]}" "$PGBIN/postgres" -D "$C/data" -p "$PORT" -k "$C" -c listen_addresses=127.0.0.1 >"$W/pg.log" 2>&1 &
PG=$!
trap 'kill -INT $PG; wait $PG 2>/dev/null || true' EXIT
for _ in $(seq 100); do "$PGBIN/pg_isready" -q -h 127.0.0.1 -p "$PORT" && break; sleep 0.1; done
SQL="$PGBIN/psql -q -h 127.0.0.1 -p $PORT -U tocsin -v ON_ERROR_STOP=1"
URL="postgresql://tocsin@127.0.0.1:$PORT"
cd "$W"
echo "== import 10 M rows: tocsin into PostgreSQL vs psql \\copy into a plain table"
hyperfine -w 1 -r 3 \
    -n "tocsin import signals --store" -p "$SQL -d postgres -c 'DROP DATABASE IF EXISTS t' -c 'CREATE DATABASE t'" \
    "$T import signals --store $URL/t sig10m.csv" \
    -n "psql \\copy" -p "$SQL -d postgres -c 'DROP DATABASE IF EXISTS c' -c 'CREATE DATABASE c' && $SQL -d c -c 'CREATE TABLE point(time BIGINT, entity TEXT, signal TEXT, value DOUBLE PRECISION)'" \
    "$SQL -d c -c \"\\copy point FROM 'sig10m.csv' CSV HEADER\""
echo "== size on disk"
$SQL -d postgres -At -c "SELECT datname, pg_size_pretty(pg_database_size(datname)) FROM pg_database WHERE datname IN ('t', 'c')"
echo "== re-import of the same file (idempotent: 0 written)"
/usr/bin/time -f "%e s, %M KiB max RSS" "$T" import signals --store "$URL/t" sig10m.csv
echo "== 30-day range queries (8,640 points)"
$SQL -d postgres -c 'DROP DATABASE IF EXISTS q' -c 'CREATE DATABASE q'
"$T" import signals --store "$URL/q" q.csv
"$B" query "$URL/q"
echo "== a year of 1,000 series, then a retention of 35 days: 30-day queries before and after, and the prune"
$SQL -d postgres -c 'DROP DATABASE IF EXISTS r' -c 'CREATE DATABASE r'
/usr/bin/time -f "%e s, %M KiB max RSS" "$B" retention-year 1000 365 "$URL/r"
