#!/usr/bin/env bash
# Installs what the tests need and runs every test: unit, golden and integration.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh test
swift build --build-tests
# One suite at a time: several suites start servers and routers and wait on outside tools,
# which on two cores starves the in-process servers of others when run side by side.
swift test --skip-build --no-parallel
