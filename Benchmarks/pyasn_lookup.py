#!/usr/bin/python3
"""pyasn (a C radix tree) on the same ipasn table and addresses as `tocsin-bench geo-lookup`.
Usage: /usr/bin/python3 Benchmarks/pyasn_lookup.py IPASN ADDRESSES   (Debian python3-pyasn)"""
import sys, time
import pyasn

table = pyasn.pyasn(sys.argv[1])
addresses = [line.strip() for line in open(sys.argv[2]) if line.strip()]
passes = 3
checksum = found = 0
lookup = table.lookup
start = time.perf_counter()
for _ in range(passes):
    for a in addresses:
        asn, _prefix = lookup(a)
        if asn is not None:
            checksum += asn
            found += 1
elapsed = time.perf_counter() - start
print(f"pyasn: {len(addresses)} addresses x {passes}: {len(addresses) * passes / elapsed / 1e6:.2f} M lookups/s; "
      f"found {found // passes}, checksum {checksum // passes}")
