#!/usr/bin/env bash
# The org dashboard with 1,000 repositories in headless Chromium (issue 17):
# usable in < 2 s. Usage: bench/dashboard/run.sh [BINARY] [REPOS] [RUNS]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=${1:-$here/../../build/npm-token-scan}
command -v chromium >/dev/null || { echo "bench/dashboard: chromium is not installed (apt-get install chromium)" >&2; exit 1; }
node "$here/run.mjs" "$bin" "${2:-1000}" "${3:-5}"
