#!/usr/bin/env bash
# Makes the build context of the Dockerfile from `make release` output:
#   OUT/bin/<amd64|arm64>/npm-token-scan   (Docker's TARGETARCH names)
#   OUT/etc/ssl/certs/ca-certificates.crt  (this machine's CA bundle)
#   OUT/etc/gitconfig                      (safe.directory = /src)
# Usage: scripts/docker-context.sh RELEASE_DIR OUT
set -euo pipefail
release="$1"; out="$2"
rm -rf "$out"
mkdir -p "$out/etc/ssl/certs"
found=0
for pair in x64:amd64 arm64:arm64; do
  file="$release/npm-token-scan-linux-${pair%%:*}"
  if [ -f "$file" ]; then
    mkdir -p "$out/bin/${pair#*:}"
    install -m 0755 "$file" "$out/bin/${pair#*:}/npm-token-scan"
    found=1
  fi
done
[ "$found" = 1 ] || { echo "docker-context.sh: no npm-token-scan-linux-* in $release" >&2; exit 1; }
cp /etc/ssl/certs/ca-certificates.crt "$out/etc/ssl/certs/ca-certificates.crt"
printf '[safe]\n\tdirectory = /src\n' > "$out/etc/gitconfig"
echo "docker-context.sh: build context in $out" >&2
