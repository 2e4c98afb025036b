# Shared by the distribution tests (tests/dist/*_test.sh), run by CTest with
# SOURCE_DIR and BINARY (the build's npm-token-scan) in the environment.
set -euo pipefail
: "${SOURCE_DIR:?}" "${BINARY:?}"
TOOLS="$SOURCE_DIR/.tools/node_modules"

fail() {
  echo "FAIL: $*" >&2
  exit 1
}
# skip REASON: exit 0 with the reason, unless make test asked for every tool
# (NTS_REQUIRE_DIST_TOOLS=1), where a missing tool is a failure.
skip() {
  if [ "${NTS_REQUIRE_DIST_TOOLS:-}" = 1 ]; then
    fail "$* (make test installs it: scripts/install-deps.sh test)"
  fi
  echo "SKIPPED: $*" >&2
  exit 0
}

WORK=$(mktemp -d "${TMPDIR:-/tmp}/nts-dist.XXXXXX")
CLEANUP=()
cleanup() {
  local pid
  for pid in "${CLEANUP[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

# A fake npm token with a valid checksum, made at run time (never committed):
# npm_ + 30 base62 characters + the base62 CRC-32 of those 30.
fake_npm_token() {
  node -e '
    const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    let seed = BigInt(process.argv[1]) * 2654435761n + 1n, body = "";
    while (body.length < 30) {
      seed = (seed * 6364136223846793005n + 1442695040888963407n) & ((1n << 64n) - 1n);
      body += alphabet[Number((seed >> 33n) % 62n)];
    }
    let crc = 0xffffffff;
    for (const c of Buffer.from(body)) {
      crc ^= c;
      for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
    }
    crc = (crc ^ 0xffffffff) >>> 0;
    let sum = "";
    for (let i = 0; i < 6; i++) { sum = alphabet[crc % 62] + sum; crc = Math.floor(crc / 62); }
    process.stdout.write("npm_" + body + sum);
  ' "$1"
}

# A free TCP port on 127.0.0.1 (bound and released; the server binds it next).
free_port() {
  node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => {
    process.stdout.write(String(s.address().port)); s.close(); });'
}

# wait_for_url URL SECONDS [PID]: until URL answers; fails at once if PID exits.
wait_for_url() {
  local deadline=$(( $(date +%s) + $2 ))
  until curl -fsS -o /dev/null "$1" 2>/dev/null; do
    [ "$(date +%s)" -lt "$deadline" ] || return 1
    if [ -n "${3:-}" ] && ! kill -0 "$3" 2>/dev/null; then return 1; fi
    sleep 0.2
  done
}

# The release binary of this build (stripped), as `make release` makes it.
release_binary() {
  if [ ! -x "$WORK/release/npm-token-scan-linux-x64" ] && [ ! -x "$WORK/release/npm-token-scan-linux-arm64" ]; then
    bash "$SOURCE_DIR/scripts/release.sh" "$BINARY" "$WORK/release" >&2
  fi
  ls "$WORK"/release/npm-token-scan-linux-* | head -1
}
