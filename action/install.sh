#!/usr/bin/env bash
# Puts the release binary of this action's own version in place, so a job
# does not compile: downloads it from the GitHub release and checks its
# SHA-256 against action/SHA256SUMS, committed in the action (a download that
# does not match is refused: the job fails, it never runs an unverified
# binary). Prints to $GITHUB_OUTPUT:
#   bin=<path>         the verified binary, or
#   from-source=true   when no release binary fits: `version: source`, an OS or
#                      architecture without one, no checksum committed for this
#                      version, or the download failed (the next steps build).
# NPM_TOKEN_SCAN_RELEASE_URL replaces the release host (the tests' loopback
# server); the checksum check is the same whatever the host.
set -euo pipefail
version=$(jq -r .version "$ACTION_PATH/package.json")
source_build() {
  echo "npm-token-scan: $1; building $version from the action's source" >&2
  echo "from-source=true" >> "$GITHUB_OUTPUT"
  exit 0
}
[ "${INPUT_VERSION:-release}" = source ] && source_build "version: source"
if [ "${INPUT_VERSION:-release}" != release ]; then
  echo "::error title=npm-token-scan::version '${INPUT_VERSION}': use release (the binary of this action's version, $version) or source; pin another version with the action's ref (uses: npm-token-scan/npm-token-scan@vX.Y.Z)" >&2
  exit 2
fi
case "${RUNNER_OS:-$(uname -s)}/${RUNNER_ARCH:-$(uname -m)}" in
  Linux/X64|Linux/x86_64) name=npm-token-scan-linux-x64 ;;
  Linux/ARM64|Linux/aarch64) name=npm-token-scan-linux-arm64 ;;
  *) source_build "no release binary for ${RUNNER_OS:-$(uname -s)} ${RUNNER_ARCH:-$(uname -m)}" ;;
esac
expected=$(awk -v n="$name" '$2 == n || $2 == "*" n { print $1 }' "$ACTION_PATH/action/SHA256SUMS")
if ! [[ "$expected" =~ ^[0-9a-f]{64}$ ]]; then
  source_build "action/SHA256SUMS has no checksum for $name $version"
fi

dir="${RUNNER_TOOL_CACHE:-$HOME/.cache}/npm-token-scan/$version"
bin="$dir/npm-token-scan"
verified() { [ -f "$1" ] && [ "$(sha256sum "$1" | cut -d' ' -f1)" = "$expected" ]; }
if verified "$bin"; then
  echo "npm-token-scan: using $version from the tool cache (SHA-256 verified)" >&2
else
  base="${NPM_TOKEN_SCAN_RELEASE_URL:-https://github.com/npm-token-scan/npm-token-scan/releases/download}"
  url="${base%/}/v$version/$name"
  mkdir -p "$dir"
  partial=$(mktemp "$dir/download.XXXXXX")
  trap 'rm -f "$partial"' EXIT
  protocols="=https"
  [ -n "${NPM_TOKEN_SCAN_RELEASE_URL:-}" ] && protocols="=https,http"
  started=$(date +%s%N)
  if ! curl -q -fsSL --proto "$protocols" --proto-redir =https --retry 3 --retry-delay 2 \
         --connect-timeout 10 --max-time 120 -o "$partial" "$url"; then
    echo "::warning title=npm-token-scan::could not download $url" >&2
    source_build "the download failed"
  fi
  actual=$(sha256sum "$partial" | cut -d' ' -f1)
  if [ "$actual" != "$expected" ]; then
    echo "::error title=npm-token-scan::checksum mismatch for $url: got $actual, action/SHA256SUMS says $expected. Refusing to run it." >&2
    exit 1
  fi
  chmod 0755 "$partial"
  mv -f "$partial" "$bin"
  elapsed=$(( ($(date +%s%N) - started) / 1000000 ))
  echo "npm-token-scan: downloaded $name $version and verified its SHA-256 in ${elapsed} ms" >&2
fi
first=$("$bin" --version | head -1)
if [ "$first" != "npm-token-scan $version" ]; then
  echo "::error title=npm-token-scan::$bin reports '$first', expected npm-token-scan $version" >&2
  exit 1
fi
echo "bin=$bin" >> "$GITHUB_OUTPUT"
