#!/usr/bin/env bash
# Org batch benchmark (issue 7): builds 200 local repositories (a release
# workflow, package.json, an .npmrc with a ${NPM_TOKEN} reference and 60 source
# files each; no token-shaped strings anywhere),
# then times `npm-token-scan org --dir` with --jobs 1 and --jobs 2 and reports
# the speed-up and peak RSS. Usage: bench/org/run.sh [BINARY] [REPOS]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=${1:-$here/../../build/npm-token-scan}
count=${2:-200}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.test
export GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.test
echo "building $count repositories in $work ..." >&2
# The 60 source files (~4 KB each) are written once and copied into each repository.
mkdir -p "$work/template/src"
for f in $(seq 1 60); do
  for l in $(seq 1 40); do echo "export const value_${f}_${l} = compute('token', ${l}, 'registry');"; done > "$work/template/src/file-$f.js"
done
for i in $(seq 1 "$count"); do
  repo="$work/repos/repo-$i"
  mkdir -p "$repo/.github/workflows"
  cp -r "$work/template/src" "$repo/src"
  echo "// repository $i" >> "$repo/src/file-1.js"
  cat > "$repo/.github/workflows/release.yml" <<YAML
on: {push: {tags: ['v*']}}
permissions: {contents: read$( [ $((i % 3)) -eq 0 ] && echo ", id-token: write")}
jobs:
  publish:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with: {node-version: 24, registry-url: 'https://registry.npmjs.org'}
      - run: npm ci
      - run: npm publish
$( [ $((i % 2)) -eq 0 ] && printf '        env:\n          NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}' )
YAML
  printf '{"name": "@bench/pkg-%s", "version": "1.0.0", "repository": {"url": "git+https://github.com/bench/repo-%s.git"}}\n' "$i" "$i" > "$repo/package.json"
  printf 'registry=https://registry.npmjs.org/\n//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n' > "$repo/.npmrc"
  git -C "$repo" init -q -b main
  git -C "$repo" add -A
  git -C "$repo" commit -q -m "initial"
  # A second commit, so --history has more than one tree to walk.
  echo "// edited" >> "$repo/src/file-2.js"
  git -C "$repo" commit -q -am "edit"
  git -C "$repo" remote add origin "https://github.com/bench/repo-$i.git"
done

inputs=(--dir "$work/repos")  # what `org` scans: the folder, or (below) the same as mirrors
run() {  # run JOBS [extra flags...] -> wall seconds; peak RSS in $work/rss-JOBS-MODE
  local jobs=$1 mode=${2:-head}
  shift 2 || shift 1
  local start end
  start=$(date +%s.%N)
  /usr/bin/time -f "%M" -o "$work/rss-$jobs-$mode" "$bin" org "${inputs[@]}" --jobs "$jobs" \
    --fail-on never --format json --output "$work/report-$jobs-$mode.json" "$@" 2>/dev/null
  end=$(date +%s.%N)
  echo "$end - $start" | bc
}
# Two reports agree when they differ only in when each repository was scanned.
same_report() {
  python3 - "$1" "$2" <<'PY'
import json, sys
def strip(node):
    if isinstance(node, dict):
        return {k: strip(v) for k, v in node.items() if k not in ("scanned_at", "generated_at")}
    if isinstance(node, list):
        return [strip(v) for v in node]
    return node
a, b = (strip(json.load(open(p))) for p in sys.argv[1:3])
sys.exit(0 if a == b else 1)
PY
}
mkdir -p "$work/empty"
start=$(date +%s.%N)
# An empty folder exits 3 ("nothing was scanned"): only the time counts here.
"$bin" org --dir "$work/empty" --fail-on never >/dev/null 2>&1 || true
fixed=$(echo "$(date +%s.%N) - $start" | bc)
run 1 head >/dev/null  # warm the page cache
echo "repositories:        $count   cores: $(nproc)   load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "start-up (no repos): ${fixed} s (rules compiled once per run)"
for mode in head history; do
  flags=()
  [ "$mode" = history ] && flags=(--history)
  t1=$(run 1 "$mode" "${flags[@]}")
  t2=$(run 2 "$mode" "${flags[@]}")
  same_report "$work/report-1-$mode.json" "$work/report-2-$mode.json" ||
    { echo "$mode: reports differ between --jobs 1 and 2" >&2; exit 1; }
  echo "$mode --jobs 1: ${t1} s   peak RSS $(cat "$work/rss-1-$mode") KB"
  echo "$mode --jobs 2: ${t2} s   peak RSS $(cat "$work/rss-2-$mode") KB"
  echo "$mode speed-up: $(echo "scale=2; $t1 / $t2" | bc)x   (start-up excluded: $(echo "scale=2; ($t1 - $fixed) / ($t2 - $fixed)" | bc)x)"
done
python3 - "$work/report-2-head.json" <<'PY' 2>/dev/null || true
import json, sys
print("summary:            ", json.dumps(json.load(open(sys.argv[1]))["summary"]))
PY

# Re-scans of unchanged repositories (issue 21): the history cache each
# repository keeps (<git dir>/npm-token-scan/history) and the results an --out
# folder keeps (a rerun skips a repository whose key did not change). Each
# pair starts from no cache at all; the goal is <= 10% of the first run.
rerun_pair() {  # LABEL [flags...] -> the medians of three (first, unchanged re-run) pairs
  local label=$1
  shift
  local firsts=() seconds=()
  for _ in 1 2 3; do
    rm -rf "$work"/repos/*/.git/npm-token-scan "$work/out" "$work/mirrors"
    firsts+=("$(run 2 "$label-first" "$@")")
    seconds+=("$(run 2 "$label-second" "$@")")
    same_report "$work/report-2-$label-first.json" "$work/report-2-$label-second.json" ||
      { echo "$label: the re-scan's report differs from the first run's" >&2; exit 1; }
  done
  local first second
  first=$(printf '%s\n' "${firsts[@]}" | sort -n | sed -n 2p)
  second=$(printf '%s\n' "${seconds[@]}" | sort -n | sed -n 2p)
  echo "$label: first ${first} s, unchanged re-run ${second} s (medians of 3):" \
    "$(echo "scale=1; 100 * $second / $first" | bc)% of the first (goal <= 10%)"
}
rerun_pair "history cache" --history
rerun_pair "history cache + --out" --history --out "$work/out"
# The same repositories as remote URLs (file://): a first run clones each into
# a mirror cache, a re-run fetches each (nothing new) and reuses its result.
for repo in "$work"/repos/*; do echo "file://$repo"; done > "$work/urls.txt"
inputs=(--repos "$work/urls.txt" --cache "$work/mirrors")
rerun_pair "mirrors (--repos URLs --cache) + --out" --history --out "$work/out"
