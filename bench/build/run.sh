#!/usr/bin/env bash
# Build-time benchmark (issue 22): what a contributor waits for on a fresh clone.
# Clones REV (default HEAD) of this repository into a temporary folder and prints:
#   1. `make run` from nothing to the first line of the report (goal <= 180 s),
#   2. `make run` again after touching one .cpp in src/workflow/ (goal <= 20 s),
#   3. `make test` on another fresh clone, build and suite (goal <= 480 s; QUICK=1 skips it,
#      RUN=0 runs it alone).
# ccache is kept out (CCACHE_DISABLE=1): a new contributor has no cache. WARM=1
# adds a fresh clone built with a warm ccache (filled by a first clone).
# Wall time and the CPU time of the whole make (user+sys) are printed: on a busy
# machine the wall time grows, the CPU time much less.
# Dependencies must be installed first (make deps; make bench installs /usr/bin/time).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
rev=$(git -C "$repo" rev-parse "${REV:-HEAD}")
work=$(mktemp -d "${TMPDIR:-/tmp}/nts-build-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
[ -x /usr/bin/time ] || { echo "missing /usr/bin/time: run 'make bench'" >&2; exit 1; }

clone() {
  git clone -q "$repo" "$1"
  git -C "$1" checkout -q "$rev"
}

# make TARGET in DIR; prints "<seconds to the first report line, or to the end> <CPU seconds>".
# Every output line is stamped; the report starts after the line that runs the scan.
timed_make() {
  local dir=$1 target=$2 stamps=$work/stamps start
  start=$(date +%s.%N)
  { /usr/bin/time -f 'cpu %U %S' make -C "$dir" "$target" 2>&1; echo "exit $?"; } |
    while IFS= read -r line; do printf '%s %s\n' "$(date +%s.%N)" "$line"; done >"$stamps"
  if ! grep -q ' exit 0$' "$stamps"; then
    echo "make $target failed in $dir:" >&2
    tail -n 30 "$stamps" >&2
    exit 1
  fi
  awk -v s="$start" -v t="$target" '
    $2 == "cpu" { cpu = $3 + $4; next }
    $2 == "exit" { end = $1; next }
    t == "run" && scanning && !first { first = $1 }
    t == "run" && /npm-token-scan scan .*example/ { scanning = 1 }
    END { if (!first) first = end; printf "%.1f %.1f\n", first - s, cpu }' "$stamps"
}

row() { printf '%-56s %7s s  (CPU %7s s)  goal %s\n' "$1" "$2" "$3" "$4"; }

echo "rev $(git -C "$repo" rev-parse --short "$rev"), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
export CCACHE_DISABLE=1
if [ "${RUN:-1}" = 1 ]; then  # RUN=0: only the make test row
  clone "$work/a"
  read -r t c < <(timed_make "$work/a" run)
  row "make run, fresh clone (to the first report line)" "$t" "$c" "<= 180 s"
  touch "$work/a/src/workflow/analyze.cpp"
  read -r t c < <(timed_make "$work/a" run)
  row "make run after touching src/workflow/analyze.cpp" "$t" "$c" "<= 20 s"
  rm -rf "$work/a"
fi
if [ "${QUICK:-0}" != 1 ]; then
  clone "$work/b"
  read -r t c < <(timed_make "$work/b" test)
  row "make test, fresh clone (build and whole suite)" "$t" "$c" "<= 480 s"
  rm -rf "$work/b"
fi
if [ "${WARM:-0}" = 1 ] && command -v ccache >/dev/null; then
  unset CCACHE_DISABLE
  export CCACHE_DIR=$work/ccache
  clone "$work/c" && make -C "$work/c" run >/dev/null 2>&1
  clone "$work/d"
  read -r t c < <(timed_make "$work/d" run)
  row "make run, fresh clone, warm ccache" "$t" "$c" "-"
fi
