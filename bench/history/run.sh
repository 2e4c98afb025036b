#!/usr/bin/env bash
# Git history and staged benchmark (issue 4). Generates (once, cached under
# $TMPDIR/npm-token-scan-bench) a repository of >= 5,000 commits and >= 20,000
# files with tokens planted and later deleted, plus one of half the commits,
# and a 100,000-file work tree with a 10-file staged change. Prints our history
# scan's wall time and peak RSS next to `git log -p --all` and
# `git cat-file --batch-all-objects --batch`, as ratios, and the staged scan's
# median latency. Our side runs bench/history/history_bench.cpp: the library's
# history/staged sources feeding the real detector (the same work `scan
# --history` / `scan --staged` do, without report formatting).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${BUILD:-$here/../../build}
bench=$build/bench/history-bench
cache=${TMPDIR:-/tmp}/npm-token-scan-bench
commits=${COMMITS:-5000}
runs=${RUNS:-3}
staged_files=${STAGED_FILES:-100000}

for tool in git python3 hyperfine /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "missing $tool: run 'make bench'" >&2; exit 1; }
done
[ -x "$bench" ] || { echo "missing $bench: build the project first (make build)" >&2; exit 1; }
mkdir -p "$cache"

make_history() {  # DIR COMMITS
  if [ ! -f "$1/.ready" ]; then
    rm -rf "$1" && git init -q --bare -b main "$1"
    python3 "$here/make_history.py" history "$2" 250 80 2>"$1/planted.txt" | git -C "$1" fast-import --quiet --done
    git -C "$1" repack -adq
    touch "$1/.ready"
  fi
}
rss_kb() { { /usr/bin/time -v "$@" > /dev/null; } 2>&1 | awk '/Maximum resident/ {print $6}'; }
mean_s() { grep -A3 "\"command\": \"$2\"" "$1" | grep '"mean"' | sed 's/[^0-9.]//g'; }
if [ -z "${SKIP_HISTORY:-}" ]; then
repo=$cache/history-$commits
half=$cache/history-$((commits / 2))
make_history "$repo" "$commits"
make_history "$half" "$((commits / 2))"


echo "repository: $repo ($(git -C "$repo" rev-list --all --count) commits, $(git -C "$repo" ls-tree -r main | wc -l) files at HEAD, $(git -C "$repo" count-objects -vH | awk '/size-pack/ {print $2 $3}') packed, $(cat "$repo/planted.txt"))"
"$bench" history "$repo" | head -1
json=$(mktemp)
hyperfine --warmup 1 --runs "$runs" --export-json "$json" \
  -n ours "$bench history $repo" \
  -n git-log "git -C $repo log -p --all > /dev/null" \
  -n cat-file "git -C $repo cat-file --batch-all-objects --batch > /dev/null" >&2
ours=$(mean_s "$json" ours); log=$(mean_s "$json" git-log); cat=$(mean_s "$json" cat-file)
rm -f "$json"
ours_rss=$(rss_kb "$bench" history "$repo")
log_rss=$(rss_kb git -C "$repo" log -p --all)
cat_rss=$(rss_kb git -C "$repo" cat-file --batch-all-objects --batch)
half_rss=$(rss_kb "$bench" history "$half")
printf 'history scan (ours):        %6.2f s  peak RSS %4d MB\n' "$ours" "$((ours_rss / 1024))"
printf 'git log -p --all:           %6.2f s  peak RSS %4d MB   ours / git log: %.2fx (goal <= 0.5x)\n' "$log" "$((log_rss / 1024))" "$(echo "$ours / $log" | bc -l)"
printf 'git cat-file --batch-all:   %6.2f s  peak RSS %4d MB   ours / cat-file: %.2fx\n' "$cat" "$((cat_rss / 1024))" "$(echo "$ours / $cat" | bc -l)"
printf 'peak RSS with %d commits: %d MB; with %d: %d MB (grows only with the seen-id sets)\n' \
  "$((commits / 2))" "$((half_rss / 1024))" "$commits" "$((ours_rss / 1024))"
objects=$(git -C "$repo" count-objects -v | awk '/in-pack/ {print $2}')
printf 'peak RSS: ours %d MB / git log -p %d MB = %.2fx, / cat-file %d MB = %.2fx; %d objects, projected to 600,000 objects (babel): %d MB (goal <= 256 MB)   load average: %s\n' \
  "$((ours_rss / 1024))" "$((log_rss / 1024))" "$(echo "$ours_rss / $log_rss" | bc -l)" \
  "$((cat_rss / 1024))" "$(echo "$ours_rss / $cat_rss" | bc -l)" "$objects" \
  "$(echo "($ours_rss + ($ours_rss - $half_rss) * (600000 - $objects) / ($objects - $(git -C "$half" count-objects -v | awk '/in-pack/ {print $2}'))) / 1024" | bc)" \
  "$(cut -d' ' -f1-3 /proc/loadavg)"
fi

# Range: `scan --range BASE..main` over the last RANGE_COMMITS commits of the
# history repository, against `git log -p BASE..main` (goal <= 0.5x).
if [ -z "${SKIP_RANGE:-}" ]; then
range_commits=${RANGE_COMMITS:-2000}
repo=$cache/history-$commits
make_history "$repo" "$commits"
base=$(git -C "$repo" rev-list --first-parent main | sed -n "$((range_commits + 1))p")
cli=$build/npm-token-scan
echo "range: $base..main ($(git -C "$repo" rev-list --count "$base..main") commits)"
json=$(mktemp)
hyperfine -N -i --warmup 1 --runs "$runs" --export-json "$json" \
  -n range "$cli scan --range $base..main --format json $repo" \
  -n git-log-range "git -C $repo log -p $base..main" >&2
ours=$(mean_s "$json" range); log=$(mean_s "$json" git-log-range)
rm -f "$json"
printf 'scan --range (%d commits):  %6.2f s   git log -p BASE..main: %6.2f s   ours / git log: %.2fx (goal <= 0.5x)   load average: %s\n' \
  "$range_commits" "$ours" "$log" "$(echo "$ours / $log" | bc -l)" "$(cut -d' ' -f1-3 /proc/loadavg)"
fi

# History cache: `scan --history` of the history repository with no cache,
# with the cache it left (unchanged refs), and after NEW_COMMITS more commits
# (a mirror whose refs stood NEW_COMMITS first-parent commits back when the
# cache was written). Goal: the second scan <= 5% of the first.
if [ -z "${SKIP_CACHE:-}" ]; then
new_commits=${NEW_COMMITS:-100}
repo=$cache/history-$commits
make_history "$repo" "$commits"
cli=$build/npm-token-scan
mirror=$cache/history-$commits-cache
rm -rf "$mirror" && git clone -q --mirror "$repo" "$mirror"
git -C "$mirror" for-each-ref --format='%(refname) %(objectname)' > "$mirror/refs.txt"
older=$(git -C "$mirror" rev-parse "main~$new_commits")
git -C "$mirror" for-each-ref --format='%(refname)' | while read -r ref; do
  git -C "$mirror" update-ref -d "$ref"
done
git -C "$mirror" update-ref refs/heads/main "$older"
"$cli" scan --history --format json "$mirror" > /dev/null || true
cp "$mirror/npm-token-scan/history" "$mirror/older-cache"
while read -r ref sha; do git -C "$mirror" update-ref "$ref" "$sha"; done < "$mirror/refs.txt"
json=$(mktemp)
hyperfine -N -i --warmup 1 --runs "$runs" --export-json "$json" \
  -n first "$cli scan --history --no-cache --format json $mirror" >&2
hyperfine -i --warmup 1 --runs "$runs" --export-json "$json.new" \
  --prepare "cp $mirror/older-cache $mirror/npm-token-scan/history" \
  -n new "$cli scan --history --format json $mirror > /dev/null" >&2
"$cli" scan --history --format json "$mirror" > /dev/null || true
hyperfine -N -i --warmup 1 --runs "$runs" --export-json "$json.second" \
  -n second "$cli scan --history --format json $mirror" >&2
first=$(mean_s "$json" first); second=$(mean_s "$json.second" second); new=$(mean_s "$json.new" new)
rm -f "$json" "$json.new" "$json.second"
printf 'scan --history, no cache: %6.2f s; second scan (cache, unchanged refs): %6.3f s = %.1f%% (goal <= 5%%); after %d new commits: %6.3f s = %.1f%%   load average: %s\n' \
  "$first" "$second" "$(echo "100 * $second / $first" | bc -l)" "$new_commits" "$new" \
  "$(echo "100 * $new / $first" | bc -l)" "$(cut -d' ' -f1-3 /proc/loadavg)"
fi

# Staged: a 10-file change in a 100,000-file work tree.
[ -n "${SKIP_STAGED:-}" ] && exit 0
tree=$cache/staged-$staged_files
if [ ! -f "$tree/.ready" ]; then
  rm -rf "$tree" && git init -q -b main "$tree"
  python3 "$here/make_history.py" flat "$staged_files" 2>/dev/null | git -C "$tree" fast-import --quiet --done
  git -C "$tree" reset -q --hard main
  for i in 0 1 2 3 4 5 6 7 8 9; do
    n=$((i * staged_files / 10))
    f=$(printf 'dir%03d/sub%02d/file%05d.txt' $((n / 1000)) $(((n / 50) % 20)) "$n")
    echo "edit $i" >> "$tree/$f"
    git -C "$tree" add "$f"
  done
  touch "$tree/.ready"
fi
# The driver's fixed cost (rule compilation, process start) on a repository with nothing staged.
if [ ! -d "$cache/empty-repo" ]; then
  git init -q -b main "$cache/empty-repo"
  echo hi > "$cache/empty-repo/a.txt"
  git -C "$cache/empty-repo" add a.txt
  git -C "$cache/empty-repo" -c user.name=b -c user.email=b@example.com commit -qm start
fi
echo "work tree: $tree ($(git -C "$tree" ls-files | wc -l) files, $(git -C "$tree" diff --cached --name-only | wc -l) staged)"
"$bench" staged "$tree" 30 | tail -1 | sed 's/^staged:/staged scan, in process (open + scan):/'
json=$(mktemp)
# The real command the pre-commit hook runs (exit 0: nothing new is a leak),
# the driver, and the same command with nothing staged (fixed start-up).
cli=$build/npm-token-scan
hyperfine -N --warmup 3 --runs 30 --export-json "$json" -i \
  -n cli "$cli scan --staged --fail-on high $tree" \
  -n ours "$bench staged $tree" -n git-diff-cached "git -C $tree diff --cached --quiet" \
  -n startup-only "$cli scan --staged $cache/empty-repo" >&2
median() { grep -A12 "\"command\": \"$2\"" "$1" | grep '"median"' | sed 's/[^0-9.]//g'; }
ms() { echo "$(median "$json" "$1") * 1000" | bc -l; }
printf 'npm-token-scan scan --staged: median %.1f ms (goal < 30 ms), of which %.1f ms is start-up with nothing staged; driver process %.1f ms; git diff --cached --quiet: %.1f ms   load average: %s\n' \
  "$(ms cli)" "$(ms startup-only)" "$(ms ours)" "$(ms git-diff-cached)" "$(cut -d' ' -f1-3 /proc/loadavg)"
rm -f "$json"
