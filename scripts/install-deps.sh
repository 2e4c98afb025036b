#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages the build and the test suite need, and
# nothing that is already there. Safe to run on every `make`: when all packages
# are present it only runs dpkg-query.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
packages=(
  build-essential cmake ninja-build ccache pkg-config git
  libgit2-dev libre2-dev libyaml-cpp-dev libcli11-dev catch2 nlohmann-json3-dev zlib1g-dev
)
sarif_validator=false
# Extra groups are asked for by make targets: `install-deps.sh bench` etc.
for group in "$@"; do
  case "$group" in
    bench) packages+=(ripgrep hyperfine time bc git) ;;
    fuzz) packages+=(clang libclang-rt-dev) ;;
    test)
      # git daemon ships in the git package; curl serves org --github-org
      packages+=(chromium pre-commit jq nodejs curl clang-format)
      # NodeSource's nodejs ships npm; Debian's does not (and its npm would conflict with NodeSource's).
      command -v npm >/dev/null || packages+=(npm)
      sarif_validator=true ;;
    *) echo "install-deps.sh: unknown group '$group'" >&2; exit 2 ;;
  esac
done

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -gt 0 ]; then
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
fi

# Microsoft's SARIF validator, which the test suite runs on every SARIF report
# (tests/cli/formats_test.cpp): the npm package, pinned, in a local prefix
# (.tools/, git-ignored; no global install, no sudo). The package is a
# self-contained .NET program; the tests run it with
# DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1, so it needs no libicu.
tools="$root/.tools"
# npm_tool PACKAGE@VERSION FILE [NPM OPTION...]: installs the pinned package
# into .tools/ unless FILE (something it installs) is already there at that version.
npm_tool() {
  local spec="$1" file="$2" name="${1%@*}" version="${1##*@}" installed=""
  shift 2
  installed=$(node -p "require('$tools/node_modules/$name/package.json').version" 2>/dev/null || true)
  if [ ! -e "$file" ] || [ "$installed" != "$version" ]; then
    echo "install-deps: installing $spec into $tools" >&2
    mkdir -p "$tools"
    npm install --prefix "$tools" --no-audit --no-fund --loglevel=error "$@" "$spec" >/dev/null
  fi
}
if [ "$sarif_validator" = true ]; then
  validator="$tools/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool"
  npm_tool @microsoft/sarif-multitool@5.7.0 "$validator"
  # Its postinstall (chmod u+x) may be held back by npm's install-script policy.
  chmod +x "$validator"
  # The distribution tests (tests/dist/): a real npm registry on loopback for
  # the npm packages and the pre-commit hook, and GitHub's workflow schema for
  # every workflow snippet in the docs.
  # 6.5.2: the last Verdaccio that runs on Node 18 (Debian bookworm's nodejs).
  npm_tool verdaccio@6.5.2 "$tools/node_modules/.bin/verdaccio"
  npm_tool @action-validator/cli@0.6.0 "$tools/node_modules/.bin/action-validator"
  # The hook managers the README documents, driven for real by tests/dist/hook_managers_test.sh.
  # --ignore-scripts: lefthook's postinstall would install hooks into this repository.
  npm_tool husky@9.1.7 "$tools/node_modules/husky/bin.js" --ignore-scripts
  npm_tool lefthook@2.2.2 "$tools/node_modules/.bin/lefthook" --ignore-scripts
fi
