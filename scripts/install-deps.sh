#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages the build and the test suite need, and
# nothing that is already there. Safe to run on every `make`: when all packages
# are present it only runs dpkg-query.
set -euo pipefail

packages=(
  build-essential cmake pkg-config git
  libgit2-dev libre2-dev libyaml-cpp-dev libcli11-dev catch2 nlohmann-json3-dev zlib1g-dev
  libcurl4-openssl-dev
)
# Extra groups are asked for by make targets: `install-deps.sh bench` etc.
for group in "$@"; do
  case "$group" in
    bench) packages+=(ripgrep hyperfine time bc git) ;;
    fuzz) packages+=(clang libclang-rt-dev) ;;
    test) packages+=(chromium pre-commit jq) ;;  # git daemon ships in the git package
    *) echo "install-deps.sh: unknown group '$group'" >&2; exit 2 ;;
  esac
done

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "install-deps: installing ${missing[*]}" >&2
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null; then sudo="sudo"; else
    echo "install-deps: not root and no sudo; install these packages: ${missing[*]}" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
