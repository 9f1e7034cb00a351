#!/usr/bin/env bash
# Installs the Debian packages Tocsin needs to build and test, only those missing.
# Usage: scripts/install-deps.sh [build|test]
set -euo pipefail
want=(libsqlite3-dev zlib1g-dev libbz2-dev librsvg2-bin)
if [ "${1:-build}" = test ]; then
    # independent tools and reference data the tests compare against
    want+=(sqlite3 tor-geoipdb libloc-database location mmdb-bin bgpdump bird2 frr gobgpd chromium wrk fping iproute2
           tshark nfdump softflowd pmacct openssl postgresql chromium-driver)
fi
missing=()
for p in "${want[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${1:-build}" = test ] && ! command -v schemathesis >/dev/null 2>&1; then
    # Checks the served OpenAPI document against the live server (PyPI).
    python3 -m pip install -q schemathesis==4.32.5 >&2 || echo "warning: schemathesis not installed; its test will be skipped" >&2
fi
if [ "${1:-build}" = test ] && ! python3 -c "import selenium, axe_playwright_python" >/dev/null 2>&1; then
    # The dashboard's browser test drives Chromium with Selenium and checks accessibility
    # with axe-core, taken from axe-playwright-python (its axe.min.js only: no Playwright).
    python3 -m pip install -q selenium==4.38.0 >&2 && python3 -m pip install -q --no-deps axe-playwright-python==0.1.8 >&2 \
        || echo "warning: selenium or axe-core not installed; the browser test will fail" >&2
fi
[ ${#missing[@]} -eq 0 ] && exit 0
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "installing: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q >/dev/null
$sudo apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
