#!/usr/bin/env bash
# Reproduces the probing numbers in BENCHMARKS.md (run as root): probes per second against
# namespace targets side by side with fping and scamper, and the scheduling cost of a
# Trinocular round at IODA's scale (4.2 M blocks) without sending.
# Needs: fping, scamper, iproute2. Nothing leaves the namespace made here (10.204.0.0/16).
set -euo pipefail
. "$(dirname "$0")/release.sh"
NS=tocsin-bench-probe
cleanup() { ip link del tpbench0 2>/dev/null || true; ip netns del $NS 2>/dev/null || true
            ip route del unreachable 10.204.0.0/16 metric 4000 2>/dev/null || true
            ip -6 route del unreachable fd00:204::/32 metric 4000 2>/dev/null || true; }
trap cleanup EXIT
cleanup
# One namespace answering for all of 10.204.128.0/17 (32,768 addresses, a local "AnyIP" route).
ip route add unreachable 10.204.0.0/16 metric 4000
ip netns add $NS
ip link add tpbench0 type veth peer name e0 netns $NS
ip addr add 10.204.0.1/30 dev tpbench0; ip link set tpbench0 up
ip -n $NS addr add 10.204.0.2/30 dev e0; ip -n $NS link set e0 up; ip -n $NS link set lo up
ip -n $NS route add local 10.204.128.0/17 dev lo
ip -n $NS route add default via 10.204.0.1
ip route add 10.204.128.0/17 via 10.204.0.2
ip netns exec $NS sysctl -q -w net.ipv4.icmp_ratelimit=0 net.ipv4.icmp_msgs_per_sec=10000000 net.ipv6.icmp.ratelimit=0
# The same for IPv6: fd00:204:1::/113 (32,768 addresses) answered by the namespace.
ip -6 route add unreachable fd00:204::/32 metric 4000
ip addr add fd00:204::1/64 dev tpbench0 nodad; ip -n $NS addr add fd00:204::2/64 dev e0 nodad
ip -n $NS -6 route add local fd00:204:1::/113 dev lo
ip -n $NS -6 route add default via fd00:204::1
ip -6 route add fd00:204:1::/113 via fd00:204::2
python3 -c 'import ipaddress; [print(a) for a in ipaddress.ip_network("10.204.128.0/17")]' > /tmp/tocsin-probe-targets.txt
for rate in 20000 50000 100000 200000; do
    echo "== tocsin prober, 32,768 targets × 3 passes at $rate probes/s"
    /usr/bin/time -f "   %e s wall, %U s user, %S s system, %P CPU" "$B" probe-rate 10.204.128.0/17 $rate 3
done
for rate in 50000 100000; do
    echo "== tocsin prober, IPv6: 32,768 targets × 3 passes at $rate probes/s"
    /usr/bin/time -f "   %e s wall, %U s user, %S s system, %P CPU" "$B" probe-rate fd00:204:1::/113 $rate 3
done
python3 -c 'import ipaddress; [print(a) for a in ipaddress.ip_network("fd00:204:1::/113")]' > /tmp/tocsin-probe-targets6.txt
echo "== fping -6 -i 0, the IPv6 targets × 3"
/usr/bin/time -o /tmp/tocsin-fping6.time -f "   %e s wall, %U s user, %S s system, %P CPU" \
    sh -c 'for i in 1 2 3; do fping -6 -a -q -i 0 -r 0 -t 1000 -f /tmp/tocsin-probe-targets6.txt; done' > /tmp/tocsin-fping6.alive 2>/dev/null || true
echo "   $(wc -l < /tmp/tocsin-fping6.alive) of 98304 answered"; cat /tmp/tocsin-fping6.time
echo "== fping -i 0 (no inter-probe wait), same targets × 3"
/usr/bin/time -o /tmp/tocsin-fping.time -f "   %e s wall, %U s user, %S s system, %P CPU" \
    sh -c 'for i in 1 2 3; do fping -a -q -i 0 -r 0 -t 1000 -f /tmp/tocsin-probe-targets.txt; done' > /tmp/tocsin-fping.alive 2>/dev/null || true
echo "   $(wc -l < /tmp/tocsin-fping.alive) of 98304 answered"; cat /tmp/tocsin-fping.time
if command -v scamper >/dev/null; then
    echo "== scamper -p 10000 (its maximum), the first 20,000 targets"
    head -20000 /tmp/tocsin-probe-targets.txt > /tmp/tocsin-probe-20k.txt
    /usr/bin/time -o /tmp/tocsin-scamper.time -f "   %e s wall, %U s user, %S s system, %P CPU" \
        scamper -O text -p 10000 -c "ping -c 1" -f /tmp/tocsin-probe-20k.txt > /tmp/tocsin-scamper.out 2>/dev/null || true
    echo "   $(grep -c '1 packets received' /tmp/tocsin-scamper.out) of 20000 answered"; cat /tmp/tocsin-scamper.time
fi
echo "== scheduling a round for 4.2 M blocks (IODA's scale), no packets"
/usr/bin/time -f "   %e s wall, %M KiB max RSS" "$B" probe-schedule 4200000
