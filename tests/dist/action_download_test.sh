#!/usr/bin/env bash
# The Action's binary install (action/install.sh) against a loopback HTTP
# server standing in for the GitHub release host: the release binary of the
# action's version downloaded and its SHA-256 checked against the action's
# committed SHA256SUMS (here: a copy of the action whose SHA256SUMS lists this
# build's release binary), the time it takes, the tool cache reused, a
# tampered download refused, and `version: source` choosing the source build.
# ~2 s.
. "$(dirname "$0")/lib.sh"
command -v python3 >/dev/null || skip "python3 (the loopback HTTP server) is not installed"
command -v jq >/dev/null || skip "jq is not installed"

bin=$(release_binary)
name=$(basename "$bin")
version=$(jq -r .version "$SOURCE_DIR/package.json")

# A copy of the action whose committed checksums name this build's binary.
action="$WORK/action"
mkdir -p "$action/action"
cp "$SOURCE_DIR/action.yml" "$SOURCE_DIR/package.json" "$action/"
cp "$SOURCE_DIR"/action/*.sh "$action/action/"
(cd "$WORK/release" && sha256sum "$name") > "$action/action/SHA256SUMS"

# The release host: /v<version>/<name>, as GitHub serves release assets.
host="$WORK/host"
mkdir -p "$host/v$version"
cp "$bin" "$host/v$version/$name"
port=$(free_port)
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$host" > "$WORK/http.log" 2>&1 &
CLEANUP+=($!)
wait_for_url "http://127.0.0.1:$port/" 20 "$!" || fail "the loopback HTTP server did not start"

# install [VAR=VALUE...]: runs the action's install step as the runner does.
install() {
  : > "$WORK/output"
  env -i PATH="$PATH" HOME="$WORK/home" RUNNER_TOOL_CACHE="$WORK/toolcache" \
    GITHUB_OUTPUT="$WORK/output" ACTION_PATH="$action" \
    NPM_TOKEN_SCAN_RELEASE_URL="http://127.0.0.1:$port" "$@" \
    bash --noprofile --norc -eo pipefail "$action/action/install.sh"
}

start=$(date +%s%N)
install INPUT_VERSION=release 2>"$WORK/install.err" || fail "install: $(cat "$WORK/install.err")"
elapsed=$(( ($(date +%s%N) - start) / 1000000 ))
installed=$(sed -n 's/^bin=//p' "$WORK/output")
[ -x "$installed" ] || fail "install printed no binary: $(cat "$WORK/output") $(cat "$WORK/install.err")"
cmp -s "$installed" "$bin" || fail "the installed binary is not the release binary"
grep -q "GET /v$version/$name" "$WORK/http.log" || fail "nothing was downloaded: $(cat "$WORK/http.log")"
echo "download + verify + --version: $elapsed ms ($(stat -c %s "$bin") bytes, loopback)" >&2

# Warm: the tool cache, verified again, no second download.
install INPUT_VERSION=release 2>"$WORK/warm.err" || fail "warm install: $(cat "$WORK/warm.err")"
grep -q "from the tool cache" "$WORK/warm.err" || fail "the warm install did not reuse the cache"
[ "$(grep -c "GET /v$version/$name" "$WORK/http.log")" = 1 ] || fail "the warm install downloaded again"

# A tampered release asset is refused, and nothing is left to run.
rm -rf "$WORK/toolcache"
printf 'tampered' >> "$host/v$version/$name"
status=0
install INPUT_VERSION=release 2>"$WORK/tampered.err" || status=$?
[ "$status" = 1 ] || fail "a checksum mismatch exited $status: $(cat "$WORK/tampered.err")"
grep -q "checksum mismatch" "$WORK/tampered.err" || fail "the mismatch said: $(cat "$WORK/tampered.err")"
grep -q '^bin=' "$WORK/output" && fail "a binary was offered after a checksum mismatch"
[ -z "$(find "$WORK/toolcache" -type f 2>/dev/null)" ] || fail "the tampered download was kept: $(find "$WORK/toolcache" -type f)"

# A tampered cached binary is not reused: it is downloaded again (and refused here).
mkdir -p "$WORK/toolcache/npm-token-scan/$version"
cp "$host/v$version/$name" "$WORK/toolcache/npm-token-scan/$version/npm-token-scan"
status=0
install INPUT_VERSION=release 2>"$WORK/cached.err" || status=$?
[ "$status" = 1 ] && grep -q "checksum mismatch" "$WORK/cached.err" || fail "a tampered cache was used: $(cat "$WORK/cached.err")"

# version: source, and a platform without a release binary, build from source.
install INPUT_VERSION=source 2>/dev/null || fail "version: source failed"
grep -qx 'from-source=true' "$WORK/output" || fail "version: source did not choose the source build"
install INPUT_VERSION=release RUNNER_OS=macOS RUNNER_ARCH=ARM64 2>/dev/null || fail "macOS failed"
grep -qx 'from-source=true' "$WORK/output" || fail "macOS did not choose the source build"
# The committed SHA256SUMS of the repository's own action has no line the install could misread.
if grep -v '^#' "$SOURCE_DIR/action/SHA256SUMS" | grep -vqE '^[0-9a-f]{64}  npm-token-scan-linux-(x64|arm64)$'; then
  fail "action/SHA256SUMS has a malformed line"
fi
echo "PASS: verified download in $elapsed ms; a mismatch is refused" >&2
