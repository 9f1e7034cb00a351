# Sourced by the benchmark scripts: moves to the repository root, builds `tocsin` and
# `tocsin-bench` in release mode ($T, $B) and makes the work folder $W (set it before
# sourcing; default /tmp/tocsin-bench).
cd "$(dirname "${BASH_SOURCE[0]}")/.."
W=${W:-/tmp/tocsin-bench}
mkdir -p "$W"
swift build -c release --product tocsin >&2
swift build -c release --product tocsin-bench >&2
T=$PWD/.build/release/tocsin
B=$PWD/.build/release/tocsin-bench
