#!/usr/bin/env bash
# Reproduces the spine's numbers in BENCHMARKS.md: Signals CSV parse rate, import into the
# store side by side with sqlite3's .import, and 30-day range queries.
# Needs: hyperfine, sqlite3 (apt-get install hyperfine sqlite3). Work folder: $1 (default /tmp/tocsin-bench).
set -euo pipefail
W=${1:-/tmp/tocsin-bench}
. "$(dirname "$0")/release.sh"
[ -f "$W/sig10m.csv" ] || "$B" generate "$W/sig10m.csv" 10000000
[ -f "$W/q.csv" ] || "$B" generate "$W/q.csv" 1728000 200
cd "$W"
echo "== parse (no store)"
"$B" parse sig10m.csv
echo "== import 10 M rows: tocsin vs sqlite3 .import into a plain table"
hyperfine -w 1 -r 3 -p 'rm -rf d1 plain.db plain.db-journal' \
    "$T import signals --data d1 sig10m.csv" \
    'sqlite3 plain.db "CREATE TABLE point(time INTEGER, entity TEXT, signal TEXT, value REAL);" ".mode csv" ".import --skip 1 sig10m.csv point"'
echo "== re-import of the same file (idempotent: 0 written)"
/usr/bin/time -f "%e s, %M KiB max RSS" "$T" import signals --data d1 sig10m.csv
echo "== 30-day range queries (8,640 points)"
rm -rf dq && "$T" import signals --data dq q.csv
"$B" query dq
