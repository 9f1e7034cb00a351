#!/usr/bin/env bash
# Fuzzes the wire decoders (MRT records, BGP messages, BMP messages, OPENs) with libFuzzer
# and AddressSanitizer for $1 seconds (default 120), seeded with records cut from the real
# MRT files in ../shared/data. Any crash leaves a reproducer in the work folder ($2).
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_TO_RUN=${1:-120}
W=${2:-/tmp/tocsin-fuzz}
mkdir -p "$W/corpus"
S=Sources/TocsinBGP
swiftc -sanitize=fuzzer,address -parse-as-library -O -module-name TocsinFuzz -o "$W/fuzz-codecs" \
    Fuzz/FuzzCodecs.swift $S/Wire/*.swift $S/BGP/*.swift $S/MRT/MRTDecoder.swift $S/MRT/MRTMessage.swift \
    $S/MRT/MRTHeader.swift $S/MRT/MRTError.swift $S/Dump/TextBuffer.swift $S/Dump/BGPDumpFormatter.swift \
    $S/BMP/BMPMessage.swift $S/Routing/RoutingState.swift $S/Routing/CollectorPeer.swift
# Seeds: the first records of real files, each prefixed with the selector byte 0 (MRT).
python3 - "$W/corpus" ../shared/data/bgpdump-testdata/test_data/*.gz ../shared/data/mrt/mrtparse-samples/*_bgp <<'PY'
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
