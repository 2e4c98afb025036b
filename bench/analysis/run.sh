#!/usr/bin/env bash
# Workflow analysis benchmark (issue 14): a work-tree scan of a git repository
# with 60 workflows and 300 package.json files (goal < 150 ms), printed next to
# the same scan of that tree with no workflow (what the analysis adds) and
# `git ls-files` (what listing the tree costs), as ratios.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${BUILD:-$here/../../build}
bin=$build/npm-token-scan
repo=${REPO:-${TMPDIR:-/tmp}/npm-token-scan-bench/analysis-repo}
runs=${RUNS:-20}
command -v hyperfine >/dev/null || { echo "missing hyperfine: run 'make bench'" >&2; exit 1; }

make_repo() {  # DIR WORKFLOWS
  rm -rf "$1"
  python3 "$here/make_repo.py" "$1" "$2" 300
  git -C "$1" init -q
  git -C "$1" add -A
  git -C "$1" -c user.name=bench -c user.email=bench@example.invalid commit -qm bench
}
[ -d "$repo/.git" ] || make_repo "$repo" 60
[ -d "$repo-none/.git" ] || make_repo "$repo-none" 0
echo "repository: $repo ($(git -C "$repo" ls-files | wc -l) files," \
  "$(git -C "$repo" ls-files '.github/workflows/*' | wc -l) workflows," \
  "$(git -C "$repo" ls-files '*package.json' | wc -l) package.json)"
jobs=$("$bin" scan "$repo" --format json --fail-on never | python3 -c '
import json, sys
r = json.load(sys.stdin)
jobs = [j for w in r["workflows"] for j in w["jobs"]]
print(len(jobs), "jobs,", sum(1 for j in jobs if j["publishes_npm"] is True), "publishing")')
echo "analysis: $jobs"

json=$(mktemp)
trap 'rm -f "$json"' EXIT
hyperfine -N --warmup 3 --runs "$runs" --export-json "$json" \
  -n analysis "$bin scan $repo --format json --fail-on never" \
  -n no-workflows "$bin scan $repo-none --format json --fail-on never" \
  -n git-ls-files "git -C $repo ls-files" >/dev/null
python3 - "$json" <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
ours = r["analysis"]["median"]
print(f"scan with 60 workflows: {ours * 1000:.1f} ms median (goal < 150 ms)")
for name in ("no-workflows", "git-ls-files"):
    other = r[name]["median"]
    print(f"  vs {name:<13} {other * 1000:7.1f} ms  ratio {ours / other:5.2f}x")
PY
