#!/usr/bin/env bash
# Fuzzes the wire decoders (MRT records, BGP messages, BMP messages, OPENs; then the flow
# decoders: NetFlow v5/v9, IPFIX, sFlow, captures; then the text and JSON readers: Signals and
# Entities CSV, Events JSON lines, ids, the public platforms' answers) with libFuzzer and AddressSanitizer for
# $1 seconds each (default 120), seeded with records cut from the real MRT files and the
# flow payloads in Tests/Data. Any crash leaves a reproducer in the work folder ($2).
# The sources are compiled as one module, so their imports of Tocsin modules are dropped.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_TO_RUN=${1:-120}
W=${2:-/tmp/tocsin-fuzz}
mkdir -p "$W/corpus" "$W/flow-corpus" "$W/text-corpus" "$W/src"
# One module from many: copy the sources without their imports of Tocsin modules.
single_module() { for f in "$@"; do grep -v '^import Tocsin' "$f" > "$W/src/$(echo "$f" | tr / _)"; done; }
S=Sources/TocsinBGP
rm -f "$W"/src/*
single_module Fuzz/FuzzCodecs.swift Sources/TocsinCore/IO/WireReader.swift $S/BGP/*.swift $S/MRT/MRTDecoder.swift $S/MRT/MRTMessage.swift \
    $S/MRT/MRTHeader.swift $S/MRT/MRTError.swift $S/Dump/TextBuffer.swift $S/Dump/BGPDumpFormatter.swift \
    $S/BMP/BMPMessage.swift $S/Routing/RoutingState.swift $S/Routing/CollectorPeer.swift
swiftc -sanitize=fuzzer,address -parse-as-library -O -module-name TocsinFuzz -o "$W/fuzz-codecs" "$W"/src/*.swift
rm -f "$W"/src/*
single_module Fuzz/FuzzFlows.swift Sources/TocsinCore/IO/WireReader.swift Sources/TocsinGeo/Address/*.swift \
    Sources/TocsinFlow/Model/*.swift Sources/TocsinFlow/NetFlow/*.swift Sources/TocsinFlow/SFlow/*.swift Sources/TocsinFlow/Capture/*.swift
swiftc -sanitize=fuzzer,address -parse-as-library -O -module-name TocsinFuzzFlows -o "$W/fuzz-flows" "$W"/src/*.swift
rm -f "$W"/src/*
single_module Fuzz/FuzzInterchange.swift Sources/TocsinCore/Interchange/*.swift Sources/TocsinCore/Model/*.swift Sources/TocsinPublic/*.swift
swiftc -sanitize=fuzzer,address -parse-as-library -O -module-name TocsinFuzzText -o "$W/fuzz-interchange" "$W"/src/*.swift
# Text seeds: the committed corpus (Fuzz/corpus/interchange), then slices of real files,
# each behind its selector byte.
cp Fuzz/corpus/interchange/* "$W/text-corpus/" 2>/dev/null || true
python3 - "$W/text-corpus" <<'PY'
import os, sys, glob
out = sys.argv[1]
seeds = [(0, "Tests/Data/keepiton/keepiton_2022_data.csv", 2000), (3, "Tests/Data/public-apis/ooni/2d-data.json", 3000)]
seeds += [(4, "Tests/Data/public-apis/cloudflare-radar/bgp_updates.json", 4000)]
seeds += [(5, p, 6000) for p in glob.glob("Tests/Data/public-apis/ioda/*.json")]
seeds += [(3, p, 4000) for p in glob.glob("Tests/Data/public-apis/ooni/aggregation*.json")]
for i, (selector, path, n) in enumerate(seeds):
    open(os.path.join(out, "seed-%d" % i), "wb").write(bytes([selector]) + open(path, "rb").read(n))
open(os.path.join(out, "signals"), "wb").write(b"\x00time,entity,signal,value\n1641378600,country/KZ,probing,1000\n1641378900,asn/9198,bgp,\n")
open(os.path.join(out, "entities"), "wb").write(b"\x01entity,name,country,access\nasn/29355,Kcell,KZ,mobile\n")
open(os.path.join(out, "ids"), "wb").write(b"\x06region/KZ-ALA")
PY
# Flow seeds: every payload of the logstash codec's tests and pmacct's captures.
cp Tests/Data/flows/logstash-codec-netflow/*.dat "$W/flow-corpus/"
for f in Tests/Data/flows/pmacct-tests/*/traffic-*.pcap; do cp "$f" "$W/flow-corpus/$(basename "$(dirname "$f")")-$(basename "$f")"; done
# Seeds: the first records of real files, each prefixed with the selector byte 0 (MRT).
python3 - "$W/corpus" Tests/Data/bgpdump-testdata/test_data/*.gz Tests/Data/mrt/mrtparse-samples/*_bgp <<'PY'
import gzip, struct, sys, os
out = sys.argv[1]
for path in sys.argv[2:]:
    data = gzip.open(path).read(400000) if path.endswith(".gz") else open(path, "rb").read()
    i = n = 0
    while i + 12 <= len(data) and n < 40:
        length = struct.unpack(">I", data[i + 8:i + 12])[0]
        record = data[i:i + 12 + length]
        open(os.path.join(out, "%s-%d" % (os.path.basename(path), n)), "wb").write(b"\x00" + record)
        if struct.unpack(">H", data[i + 4:i + 6])[0] in (16, 17):   # its BGP message, selector 1
            body = record[12 + (4 if record[5] == 17 else 0):]
            k = body.find(b"\xff" * 16)
            if k >= 0:
                open(os.path.join(out, "%s-%d-bgp" % (os.path.basename(path), n)), "wb").write(b"\x01" + body[k:])
        i += 12 + length; n += 1
PY
cd "$W"
./fuzz-codecs -max_total_time="$SECONDS_TO_RUN" -max_len=8192 -print_final_stats=1 corpus 2>&1 | tail -25
./fuzz-flows -max_total_time="$SECONDS_TO_RUN" -max_len=8192 -print_final_stats=1 flow-corpus 2>&1 | tail -25
./fuzz-interchange -max_total_time="$SECONDS_TO_RUN" -max_len=8192 -print_final_stats=1 text-corpus 2>&1 | tail -25
