#!/usr/bin/env bash
# Work-tree scan of many small files (issue 21): a git repository shaped like a
# JavaScript monorepo (>= 25,000 tracked files, median about 1 KiB, 340
# package.json, 12 workflows, an ignored node_modules/ and dist/), scanned as
# `scan .` from inside it, next to `rg -c 'npm_[A-Za-z0-9]{36}'` in the same
# place, warm cache, as a ratio (goal: <= 1.0x). Both read what git would
# commit (ripgrep honours .gitignore too). Also prints CPU time (user + system)
# of each, which a loaded machine disturbs less than wall time.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${BUILD:-$here/../../build}
bin=$(cd "$(dirname "$build/npm-token-scan")" && pwd)/npm-token-scan
repo=${REPO:-${TMPDIR:-/tmp}/npm-token-scan-bench/monorepo}
packages=${PACKAGES:-340}
runs=${RUNS:-10}

for tool in rg hyperfine git; do
  command -v "$tool" >/dev/null || { echo "missing $tool: run 'make bench' (installs ripgrep, hyperfine, git)" >&2; exit 1; }
done
if [ ! -d "$repo/.git" ]; then
  rm -rf "$repo"
  "$build/bench/make-bench-monorepo" "$repo" "$packages" >&2
  git -C "$repo" init -q
  git -C "$repo" add -A
  git -C "$repo" -c user.name=bench -c user.email=bench@example.invalid commit -qm bench
fi
cd "$repo"
sizes=$(git ls-files -z | xargs -0 stat -c %s | sort -n)
echo "repository: $repo ($(git ls-files | wc -l) tracked files, median $(echo "$sizes" | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}') bytes," \
  "$(git ls-files '*package.json' | wc -l) package.json, $(git ls-files '.github/workflows/*' | wc -l) workflows)"
git ls-files -z | xargs -0 cat > /dev/null  # warm the page cache
found=$("$bin" scan . --fail-on never --format json | grep -c '"rule": "npm-access-token"' || true)
echo "tokens found: $found (rg counts $(rg -c 'npm_[A-Za-z0-9]{36}' | wc -l) files with one)"

json=$(mktemp)
trap 'rm -f "$json"' EXIT
hyperfine -N --warmup 2 --runs "$runs" --export-json "$json" \
  -n npm-token-scan "$bin scan . --fail-on never --format json" \
  -n ripgrep "rg -c npm_[A-Za-z0-9]{36}" >/dev/null
python3 - "$json" <<'PY'
import json, statistics, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
ours, rg = r["npm-token-scan"], r["ripgrep"]
med = lambda x: statistics.median(x["times"])
cpu = lambda x: x["user"] + x["system"]
print(f"npm-token-scan scan .: {med(ours):.3f} s median, {cpu(ours) * 1000:.0f} ms CPU")
print(f"rg -c npm_...:         {med(rg):.3f} s median, {cpu(rg) * 1000:.0f} ms CPU")
print(f"ratio (ours / rg):     {med(ours) / med(rg):.2f}x wall (goal <= 1.0x), "
      f"{cpu(ours) / cpu(rg):.2f}x CPU")
PY
