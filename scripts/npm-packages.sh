#!/usr/bin/env bash
# Builds the npm packages from this tree into OUT:
#   OUT/npm-token-scan/          the launcher package (the repository's package.json)
#   OUT/linux-x64/, linux-arm64/ one package per binary given, with os/cpu fields
# Usage: scripts/npm-packages.sh OUT linux-x64=BINARY [linux-arm64=BINARY]
# BINARY is a `make release` binary (static, stripped). Each is checked: an ELF
# for the package's architecture, and, when it runs here, printing the version
# of package.json. Publish the platform packages before the launcher.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
if [ $# -lt 2 ]; then
  echo "usage: $0 OUT linux-x64=BINARY [linux-arm64=BINARY]" >&2
  exit 2
fi
out="$1"; shift
version=$(node -p "require('$root/package.json').version")
rm -rf "$out"
mkdir -p "$out/npm-token-scan"
# The launcher package: what `npm pack` of the repository would contain.
(cd "$root" && npm pack --silent --pack-destination "$out" >/dev/null)
tar -xzf "$out/npm-token-scan-$version.tgz" -C "$out/npm-token-scan" --strip-components=1
rm "$out/npm-token-scan-$version.tgz"

for spec in "$@"; do
  platform="${spec%%=*}"; binary="${spec#*=}"
  case "$platform" in
    linux-x64) cpu=x64; machine="X86-64" ;;
    linux-arm64) cpu=arm64; machine="AArch64" ;;
    *) echo "npm-packages.sh: unknown platform '$platform' (linux-x64, linux-arm64)" >&2; exit 2 ;;
  esac
  if ! readelf -h "$binary" 2>/dev/null | grep -q "Machine:.*$machine"; then
    echo "npm-packages.sh: $binary is not a $machine ELF binary" >&2; exit 2
  fi
  if first=$("$binary" --version 2>/dev/null | head -1) && [ -n "$first" ] &&
     [ "$first" != "npm-token-scan $version" ]; then
    echo "npm-packages.sh: $binary prints '$first', package.json says $version" >&2; exit 2
  fi
  dir="$out/$platform"
  mkdir -p "$dir/bin"
  install -m 0755 "$binary" "$dir/bin/npm-token-scan"
  cp "$root/LICENSE" "$dir/LICENSE"
  PLATFORM="$platform" CPU="$cpu" VERSION="$version" node -e '
    const root = require(process.argv[1]);
    const pkg = {
      name: `@npm-token-scan/${process.env.PLATFORM}`,
      version: process.env.VERSION,
      description: `The ${process.env.PLATFORM} binary of npm-token-scan (installed by the npm-token-scan package).`,
      license: root.license,
      homepage: root.homepage,
      repository: root.repository,
      os: ["linux"],
      cpu: [process.env.CPU],
      files: ["bin/npm-token-scan"],
      preferUnplugged: true,
    };
    require("fs").writeFileSync(process.argv[2], JSON.stringify(pkg, null, 2) + "\n");
  ' "$root/package.json" "$dir/package.json"
  printf '# @npm-token-scan/%s\n\nThe static %s binary of [npm-token-scan](%s). Install `npm-token-scan`, not this package.\n' \
    "$platform" "$platform" "$(node -p "require('$root/package.json').homepage")" > "$dir/README.md"
done
echo "npm-packages.sh: packages for $version in $out" >&2
