#!/usr/bin/env bash
# Builds npm-token-scan from the action's own source with the runner's Ubuntu
# packages, unless the cache (keyed on the source hash) already holds it.
# Prints bin=<path> to $GITHUB_OUTPUT.
set -euo pipefail
cache="$HOME/.cache/npm-token-scan/$SOURCE_KEY"
bin="$cache/npm-token-scan"
if [ -x "$bin" ] && "$bin" --version >/dev/null 2>&1; then
  echo "npm-token-scan: using the cached build ($("$bin" --version))" >&2
else
  # The packages `make` installs (only what is missing; apt-get, sudo when not root).
  bash "$ACTION_PATH/scripts/install-deps.sh" >&2
  work=$(mktemp -d)
  cmake -S "$ACTION_PATH" -B "$work" -DCMAKE_BUILD_TYPE=Release -DNTS_BUILD_TESTS=OFF \
    -DBUILD_TESTING=OFF -DNTS_WERROR=OFF >/dev/null
  cmake --build "$work" --target npm-token-scan -j "$(nproc)" >/dev/null
  mkdir -p "$cache"
  cp "$work/npm-token-scan" "$bin"
  rm -rf "$work"
fi
echo "bin=$bin" >> "$GITHUB_OUTPUT"
