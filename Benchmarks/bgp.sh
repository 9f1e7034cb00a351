#!/usr/bin/env bash
# Reproduces the BGP numbers in BENCHMARKS.md: `tocsin mrt dump -m` against Debian's
# `bgpdump -m` on the same files (same output checked first), and ingest rates and memory.
# Needs: hyperfine, bgpdump, libloc-database. Work folder: $1 (default /tmp/tocsin-bench).
set -euo pipefail
W=${1:-/tmp/tocsin-bench}
. "$(dirname "$0")/release.sh"
D=$PWD/Tests/Data   # release.sh has put us at the repository root
FILES="$D/bgpdump-testdata/test_data/updates.et-header.2015.gz $D/mrt/bgp-rs/updates.20190101.0000.gz
       $D/bgpdump-testdata/test_data/bview.20020722.2337.gz $D/bgpdump-testdata/test_data/updates.20070211.0141.gz
       $D/bgpdump-testdata/test_data/updates.20160811.1600.gz"
for f in $FILES; do
    echo "== $(basename "$f")"
    cmp <("$T" mrt dump -m "$f") <(bgpdump -q -m "$f") && echo "same output ($(bgpdump -q -m "$f" | wc -l) lines)"
    hyperfine -N -w 1 -r 5 --export-json "$W/mrt-$(basename "$f").json" "$T mrt dump -m $f" "bgpdump -q -m $f" 2>&1 | grep -E "Time|±|faster"
done
echo "== ingest: decode + routing state + visibility per 5-minute bin (no text), full-feed threshold 0"
"$B" bgp-ingest 1 "$D/mrt/bgp-rs/updates.20190101.0000.gz"
"$B" bgp-ingest 1 "$D/bgpdump-testdata/test_data/updates.et-header.2015.gz"
"$B" bgp-ingest 1 "$D"/bgpdump-testdata/test_data/bview.*.gz
echo "== memory: peak RSS with the 2002 RIB ingested 9 times (1.04 M routes) against none"
for c in 0 9; do /usr/bin/time -f "copies=$c: %M KiB max RSS" "$B" bgp-ingest $c --no-geo "$D/bgpdump-testdata/test_data/bview.20020722.2337.gz" | tail -1; done
for c in 0 1; do /usr/bin/time -f "copies=$c: %M KiB max RSS" "$B" bgp-ingest $c --no-geo "$D/bgpdump-testdata/test_data/updates.et-header.2015.gz" | tail -1; done
