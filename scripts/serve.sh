#!/usr/bin/env bash
# Installs what Tocsin needs, builds it in release mode and runs the observatory.
# Arguments are passed to `tocsin serve` (e.g. --port 8081, --config tocsin.json).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh build
swift build -c release --product tocsin
exec .build/release/tocsin serve "$@"
