#!/usr/bin/env bash
# Reproduces the flow numbers in BENCHMARKS.md (run as root: it replays into a veth of a
# network namespace it makes, 10.206.0.0/24). 1) decode + locate + aggregate of a capture of IPFIX exports on one core, next
# to tshark decoding the same capture; 2) tcpreplay of the same exports at rising rates to
# Tocsin's listener and to nfcapd, one after the other, counting the records each received.
# Needs: tcpreplay, nfdump, tshark, libloc-database. Nothing leaves the namespace's link.
set -euo pipefail
W=${1:-/tmp/tocsin-flow-bench}
. "$(dirname "$0")/release.sh" 2>/dev/null
rm -rf "$W"; mkdir -p "$W/nf"
# Both collectors ask for 8 MiB of socket buffer; let them have it.
old_rmem=$(sysctl -n net.core.rmem_max)

echo "== decode + locate (libloc) + aggregate, one core: 1,000,000 records × 3"
$B flow-capture "$W/decode.pcap" 1000000 29555 >/dev/null
for i in 1 2 3; do $B flow-decode "$W/decode.pcap" 3; done
echo "== the same, without reference data (decode + aggregate only)"
$B flow-decode "$W/decode.pcap" 3 --no-geo
echo "== tshark decoding the same capture (records' byte counters to text)"
/usr/bin/time -f "   %e s wall, %U s user" tshark -r "$W/decode.pcap" -d udp.port==29555,cflow -T fields -e cflow.octets > "$W/tshark.txt"
echo "   $(tr ',' '\n' < "$W/tshark.txt" | grep -c .) records"

echo "== replay: 300,000 records in 10,001 datagrams, at rising rates (datagrams/s × 30 = records/s)"
# The collectors listen in a namespace behind a veth; tcpreplay sends into the veth.
NS=tocsin-flow-bench
cleanup() { ip link del tfbench0 2>/dev/null || true; ip netns del $NS 2>/dev/null || true; sysctl -q -w net.core.rmem_max=$old_rmem; }
trap cleanup EXIT
cleanup; sysctl -q -w net.core.rmem_max=16777216
ip netns add $NS
ip link add tfbench0 type veth peer name e0 netns $NS
ip -n $NS link set e0 address 02:00:00:00:00:02
ip -n $NS addr add 10.206.0.2/24 dev e0; ip -n $NS link set e0 up; ip -n $NS link set lo up; ip link set tfbench0 up
$B flow-capture "$W/tocsin.pcap" 300000 29555 10.206.0.2 02:00:00:00:00:02 >/dev/null
$B flow-capture "$W/nfcapd.pcap" 300000 29556 10.206.0.2 02:00:00:00:00:02 >/dev/null
printf "%14s %22s %16s %22s %16s\n" "asked (dgram/s)" "sent to tocsin (rec/s)" "tocsin received" "sent to nfcapd (rec/s)" "nfcapd received"
rate() { grep -o 'Rated: [0-9.]* Bps, [0-9.]* Mbps, [0-9.]* pps' "$1" | awk '{printf "%d", $6 * 30}'; }
for pps in 25000 50000 100000 200000 topspeed; do
    speed="--pps=$pps"; [ $pps = topspeed ] && speed=--topspeed
    ip netns exec $NS $B flow-listen 10.206.0.2 29555 5 > "$W/tocsin.out" & L=$!
    sleep 1.5
    tcpreplay -i tfbench0 $speed "$W/tocsin.pcap" > "$W/replay-tocsin.txt" 2>&1
    wait $L
    ours=$(grep -o '[0-9]*$' "$W/tocsin.out")
    rm -rf "$W/nf"; mkdir -p "$W/nf"
    ip netns exec $NS timeout -k 2 60 nfcapd -w "$W/nf" -p 29556 -b 10.206.0.2 -B 8388608 -t 300 -I bench > "$W/nfcapd.log" 2>&1 & N=$!
    sleep 1.5
    tcpreplay -i tfbench0 $speed "$W/nfcapd.pcap" > "$W/replay-nfcapd.txt" 2>&1
    sleep 2; kill -TERM $N; wait $N || true
    theirs=$(nfdump -R "$W/nf" -N -o csv -q 2>/dev/null | grep -c '^[0-9]' || true)
    printf "%14s %22s %16d %22s %16d\n" $pps "$(rate "$W/replay-tocsin.txt")" "$ours" "$(rate "$W/replay-nfcapd.txt")" "$theirs"
done
