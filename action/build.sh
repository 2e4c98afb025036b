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
  packages=(cmake g++ make pkg-config libgit2-dev libre2-dev libyaml-cpp-dev libcli11-dev
            nlohmann-json3-dev zlib1g-dev)
  missing=()
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    sudo=""; [ "$(id -u)" -ne 0 ] && sudo=sudo
    $sudo apt-get update -qq
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
  work=$(mktemp -d)
  cmake -S "$ACTION_PATH" -B "$work" -DCMAKE_BUILD_TYPE=Release -DNTS_BUILD_TESTS=OFF \
    -DBUILD_TESTING=OFF -DNTS_WERROR=OFF >/dev/null
  cmake --build "$work" --target npm-token-scan -j "$(nproc)" >/dev/null
  mkdir -p "$cache"
  cp "$work/npm-token-scan" "$bin"
  rm -rf "$work"
fi
echo "bin=$bin" >> "$GITHUB_OUTPUT"
