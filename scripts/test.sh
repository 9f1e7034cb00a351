#!/usr/bin/env bash
# Installs what the tests need and runs every test: unit, golden and integration.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh test
swift build --build-tests
swift test --skip-build
