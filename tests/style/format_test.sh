#!/usr/bin/env bash
# Every C++ file git tracks is formatted with the project's .clang-format
# (`make format` fixes it). Skipped outside a git checkout, and without
# clang-format unless NTS_REQUIRE_DIST_TOOLS=1 (make test installs it).
set -euo pipefail
cd "$SOURCE_DIR"
if ! git rev-parse --git-dir >/dev/null 2>&1; then
  echo "not a git checkout: skipped"
  exit 0
fi
if ! command -v clang-format >/dev/null; then
  if [ "${NTS_REQUIRE_DIST_TOOLS:-0}" = 1 ]; then
    echo "clang-format is missing (scripts/install-deps.sh test installs it)" >&2
    exit 1
  fi
  echo "clang-format missing: skipped"
  exit 0
fi
# One clang-format per batch of files; each violation names its file.
if ! out=$(git ls-files -z '*.cpp' '*.hpp' | xargs -0 -n 64 -P 2 clang-format --dry-run -Werror 2>&1); then
  printf '%s\n' "$out" | grep -o '^[^:]*:[0-9]*:[0-9]*: error' | cut -d: -f1 | sort -u |
    sed 's/^/not clang-formatted (run make format): /' >&2
  exit 1
fi
echo "all C++ files formatted"
