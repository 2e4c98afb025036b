#!/usr/bin/env bash
# Runs every benchmark and prints its figures (see bench/README.md).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
echo "== work-tree scan (issue 2)"
"$here/worktree/run.sh"
if [ -x "$here/history/run.sh" ]; then
  echo "== git history and staged scans (issue 4)"
  "$here/history/run.sh"
fi
echo "== workflow analysis on a 60-workflow, 300-package monorepo (issue 14)"
"$here/analysis/run.sh"
echo "== org dashboard, 1,000 repositories in headless Chromium (issue 17)"
"$here/dashboard/run.sh"
