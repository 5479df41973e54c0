#!/usr/bin/env bash
# sysdeps.sh installs the system packages gongkai needs when they are missing:
# Debian's chromium (headless rendering), fonts-noto-cjk (Chinese in
# screenshots and PDF reports), prometheus (the scrape test), poppler-utils
# (the PDF report tests), nats-server (the distributed audit tests) and node with npm (the api tests run DuckDB and an
# RDF parser from npm: api/testdata/node), and gcc and make (go test -race
# needs cgo; .ci/run runs make). It never downloads a browser any
# other way.
set -euo pipefail
cd "$(dirname "$0")/.."

# npmdeps installs the api tests' npm tools (pinned by package-lock.json).
npmdeps() {
  local dir=api/testdata/node
  if [ -f "$dir/package-lock.json" ] && [ ! -d "$dir/node_modules/n3" -o ! -d "$dir/node_modules/@duckdb/node-api" ]; then
    echo "installing npm tools in $dir"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
[ -d /usr/share/fonts/opentype/noto ] && ls /usr/share/fonts/opentype/noto | grep -q CJK || need+=(fonts-noto-cjk)
command -v prometheus >/dev/null 2>&1 || need+=(prometheus)
command -v unshare >/dev/null 2>&1 || need+=(util-linux)
command -v ip >/dev/null 2>&1 || need+=(iproute2)
command -v node >/dev/null 2>&1 || need+=(nodejs)
command -v npm >/dev/null 2>&1 || need+=(npm)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)   # the PDF report tests read PDFs back
command -v fc-match >/dev/null 2>&1 || need+=(fontconfig)
command -v nats-server >/dev/null 2>&1 || need+=(nats-server)   # the distributed audit's tests (--queue) run a real JetStream server
command -v gcc >/dev/null 2>&1 || need+=(gcc libc6-dev)       # go test -race needs cgo
command -v make >/dev/null 2>&1 || need+=(make)               # .ci/run runs make test
if [ ${#need[@]} -eq 0 ]; then npmdeps; exit 0; fi
if [ "$(id -u)" != 0 ]; then
  SUDO=sudo
else
  SUDO=
fi
echo "installing: ${need[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}"
npmdeps
