#!/usr/bin/env bash
# Reproduces the detection numbers in BENCHMARKS.md: the evaluation of Tocsin's detector
# against the IODA-style one on both scenario families (field: held-out seeds, plain and the
# stress configuration; classic: seeds 1-5), batch throughput, and the cost of one live bin. Durations come from Tests/Data/ioda-outages-sigcomm23 (IODA's checked outages).
set -euo pipefail
. "$(dirname "$0")/release.sh"
PRIORS=Tests/Data/ioda-outages-sigcomm23/ioda_investigated_outages_cleaned_phase1+2.csv
[ -f "$PRIORS" ] || { echo "$PRIORS is missing (it ships with the repository)" >&2; exit 1; }
P=(--priors "$PRIORS")
echo "== field family, 30 entities x 8 weeks, held-out seeds 101-103 (thresholds were set on seeds 1-3)"
"$T" eval --family field --seed 101 --seed 102 --seed 103 "${P[@]}"
echo "== stress: field family, hard"
"$T" eval --family field --hard --seed 101 --seed 102 --seed 103 "${P[@]}"
echo "== classic family, 8 countries x 10 weeks, seeds 1-5"
"$T" eval --family classic --seed 1 --seed 2 --seed 3 --seed 4 --seed 5 "${P[@]}"
echo "== batch: 111 countries x 9 entities x 10 weeks"
/usr/bin/time -f "%e s wall, %M KiB max RSS" "$B" detect-batch 111 10
echo "== streaming: one bin for 10,000 entities x 4 signals after 14 days of warm-up"
/usr/bin/time -f "%e s wall, %M KiB max RSS" "$B" detect-stream 10000 14
