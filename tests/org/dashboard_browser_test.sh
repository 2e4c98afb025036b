#!/usr/bin/env bash
# The org dashboard in headless Chromium (tests/org/browser/dashboard_test.mjs),
# driven over the DevTools protocol on a pipe: no server, no network. Skipped
# with the reason when node or chromium is missing, except under `make test`
# (NTS_REQUIRE_DIST_TOOLS=1), which installs both (scripts/install-deps.sh test)
# and fails here when they are still missing.
source "$SOURCE_DIR/tests/dist/lib.sh"
command -v node >/dev/null || skip "node is not installed (Debian: apt-get install nodejs)"
chromium=""
for candidate in "${CHROMIUM:-}" /usr/bin/chromium /usr/bin/chromium-browser; do
  if [ -n "$candidate" ] && [ -x "$candidate" ]; then chromium=$candidate; break; fi
done
[ -n "$chromium" ] || skip "chromium is not installed (Debian: apt-get install chromium)"
CHROMIUM="$chromium" NTS_TODAY=2026-12-02 node "$SOURCE_DIR/tests/org/browser/dashboard_test.mjs" "$BINARY" "$WORK"
