#!/usr/bin/env bash
# Installs what the tests need and runs every test: unit, golden and integration.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh test
swift build --build-tests
# One suite at a time: several suites start servers and routers and wait on outside tools,
# which on two cores starves the in-process servers of others when run side by side.
swift test --skip-build --no-parallel
# Fuzz smoke run: every libFuzzer target (wire decoders, flows, text and JSON readers) for
# 30 s from the committed and real-file seeds; a crash or sanitizer report fails the run.
# FUZZ_SECONDS=0 skips it (e.g. while iterating on one suite).
if [ "${FUZZ_SECONDS:-30}" != 0 ]; then
    Benchmarks/fuzz.sh "${FUZZ_SECONDS:-30}" "$(mktemp -d /tmp/tocsin-fuzz.XXXXXX)"
fi
