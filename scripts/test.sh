#!/usr/bin/env bash
# The one test command: installs what the tests need on a fresh machine, then type-checks, builds and runs
# every test (main-process, renderer components, and end-to-end in real Chromium).
set -euo pipefail
cd "$(dirname "$0")/.."

# The Electron binary is never needed for tests (and cannot be downloaded offline).
export ELECTRON_SKIP_BINARY_DOWNLOAD=1
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
APT_UPDATED=""
# Installs Debian packages (one apt-get update per run); returns non-zero where apt-get is missing or fails.
apt_install() {
  command -v apt-get >/dev/null 2>&1 || return 1
  [ -n "$APT_UPDATED" ] || { $SUDO apt-get update -qq && APT_UPDATED=1; } || return 1
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$@" >/dev/null
}
CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ ! -x "$CHROMIUM" ]; then
  echo "Installing Chromium for the end-to-end tests…"
  apt_install chromium || { echo "Chromium is needed at $CHROMIUM (or set CHROMIUM_PATH)." >&2; exit 1; }
fi

# A Chinese font, so the Simplified Chinese screenshots show characters rather than boxes (5 MB).
if command -v fc-list >/dev/null 2>&1 && [ -z "$(fc-list :lang=zh 2>/dev/null | head -1)" ]; then
  apt_install fonts-wqy-microhei || echo "No Chinese font installed; Chinese screenshots will show boxes." >&2
fi

# PostgreSQL's server programs for the team tests: each test file starts its own throwaway cluster in a temp
# folder (test/support/postgres.ts); nothing is left running and the package's own cluster is not used.
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  echo "Installing PostgreSQL for the team tests…"
  apt_install postgresql || { echo "PostgreSQL's server programs are needed (Debian: apt-get install postgresql)." >&2; exit 1; }
fi

npm ci --no-audit --no-fund --loglevel=error
npm run typecheck
# Layer rules, size limits, formatting and the architecture graph: a violation fails the run.
npm run lint
npm run build
mkdir -p test-output
set +e
npx vitest run --reporter=default --reporter=json --outputFile.json=test-output/vitest.json
status=$?
set -e
node -e '
  const r = require("./test-output/vitest.json");
  console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed` + (r.numPendingTests ? `, ${r.numPendingTests} skipped` : ""));
' || true
exit $status
