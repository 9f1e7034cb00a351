#!/usr/bin/env bash
# Reproduces the reference-data numbers in BENCHMARKS.md: building tables from the IPFire
# location database, and IPv4 lookups side by side with pyasn on the same table and addresses.
# Needs Debian's libloc-database and python3-pyasn. Work folder: $1 (default /tmp/tocsin-bench).
set -euo pipefail
W=${1:-/tmp/tocsin-bench}
. "$(dirname "$0")/release.sh"
P=$PWD/Benchmarks/pyasn_lookup.py
cd "$W"
[ -f ipasn.dat ] || "$B" geo-export-ipasn ipasn.dat
[ -f random.txt ] || "$B" geo-addresses random.txt 1000000 random
[ -f clustered.txt ] || "$B" geo-addresses clustered.txt 1000000 clustered
echo "== open the location database and build IPv4 + IPv6 tables"
/usr/bin/time -f "%e s wall, %M KiB max RSS" "$B" geo-build
for kind in random clustered; do
    echo "== IPv4 lookups, $kind addresses"
    "$B" geo-lookup ipasn.dat $kind.txt
    /usr/bin/python3 "$P" ipasn.dat $kind.txt
done
