#!/usr/bin/env bash
# Work-tree scan benchmark (issue 2): a synthetic tree of >= 200 MB with tokens
# planted; prints our scan time next to ripgrep's `rg -c 'npm_[A-Za-z0-9]{36}'`
# on the same tree, warm cache, as a ratio (goal: <= 1.25x), and our peak RSS.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${BUILD:-$here/../../build}
bin=$build/npm-token-scan
# Outside any git repository: inside one, a work-tree scan reads only what git would commit.
tree=${TREE:-${TMPDIR:-/tmp}/npm-token-scan-bench/worktree-tree}
files=${FILES:-4000}
kib=${KIB:-52}
runs=${RUNS:-7}

for tool in rg hyperfine /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "missing $tool: run 'make bench' (installs ripgrep, hyperfine, time)" >&2; exit 1; }
done
if [ ! -d "$tree" ]; then
  "$build/bench/make-bench-tree" "$tree" "$files" "$kib" >&2
fi
size_mb=$(du -sm "$tree" | cut -f1)
echo "tree: $tree ($size_mb MB, $(find "$tree" -type f | wc -l) files)"
# Warm the page cache so both tools read from memory.
cat $(find "$tree" -type f) > /dev/null

json=$(mktemp)
hyperfine --warmup 2 --runs "$runs" --export-json "$json" \
  -n npm-token-scan "$bin scan $tree --fail-on never --format json > /dev/null" \
  -n ripgrep "rg -c 'npm_[A-Za-z0-9]{36}' $tree > /dev/null || true" >&2
ours=$(grep -A3 '"command": "npm-token-scan"' "$json" | grep '"mean"' | sed 's/[^0-9.]//g')
theirs=$(grep -A3 '"command": "ripgrep"' "$json" | grep '"mean"' | sed 's/[^0-9.]//g')
rm -f "$json"
rss=$( { /usr/bin/time -v "$bin" scan "$tree" --fail-on never --format json > /dev/null; } 2>&1 | awk '/Maximum resident/ {print $6}')
found=$("$bin" scan "$tree" --fail-on never --format json | grep -c '"rule": "npm-access-token"' || true)
printf 'npm-token-scan scan: %.3f s  (%.0f MB/s), peak RSS %d MB, %d tokens found\n' "$ours" "$(echo "$size_mb / $ours" | bc -l)" "$((rss / 1024))" "$found"
printf 'rg -c npm_...:       %.3f s  (%.0f MB/s)\n' "$theirs" "$(echo "$size_mb / $theirs" | bc -l)"
printf 'ratio (ours / rg):   %.2fx  (goal <= 1.25x)\n' "$(echo "$ours / $theirs" | bc -l)"
