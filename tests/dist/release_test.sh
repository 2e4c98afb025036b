#!/usr/bin/env bash
# `make release` without a second build: the build's binary is fully static,
# scripts/release.sh strips it, checks it and writes SHA256SUMS. Proves the
# staticness three ways: no program interpreter and no dynamic section
# (readelf), and it scans with no library present at all: run in a root
# directory holding nothing but the binary and the files to scan (a chroot in
# an unprivileged user namespace, where the kernel allows one).  ~2 s.
. "$(dirname "$0")/lib.sh"

# The release platform (Debian bookworm, as .github/workflows/release.yml
# builds) must give a fully static binary. Elsewhere a distribution may lack
# an archive (cmake's "static dependencies" line names it); there release.sh
# must refuse the binary, and the rest of this test needs a static one.
if readelf -l "$BINARY" | grep -q INTERP; then
  if (. /etc/os-release && [ "$ID" = debian ] && [ "$VERSION_ID" = 12 ]); then
    fail "the build's binary asks for a dynamic loader on Debian 12, the release platform"
  fi
  if bash "$SOURCE_DIR/scripts/release.sh" "$BINARY" "$WORK/refused" 2>/dev/null; then
    fail "release.sh accepted a dynamically linked binary"
  fi
  echo "SKIPPED: not fully static on $(. /etc/os-release && echo "$PRETTY_NAME") (release.sh refuses it, as it must)" >&2
  exit 0
fi
readelf -d "$BINARY" | grep -q NEEDED && fail "the build's binary needs shared libraries: $(readelf -d "$BINARY" | grep NEEDED)"
readelf -d "$BINARY" | grep -q 'There is no dynamic section' || fail "the build's binary has a dynamic section"

bin=$(release_binary)
name=$(basename "$bin")
size=$(stat -c %s "$bin")
[ "$size" -le 14000000 ] || fail "$name is $size bytes (limit 14 MB, 14,000,000 bytes; scripts/release.sh says why)"
readelf -S "$bin" | grep -q '\.debug_\|\.symtab' && fail "$name is not stripped"
(cd "$WORK/release" && sha256sum -c --quiet SHA256SUMS) || fail "SHA256SUMS does not verify"
grep -q "  $name\$" "$WORK/release/SHA256SUMS" || fail "SHA256SUMS does not list $name"

version=$(sed -n 's/^project(npm-token-scan VERSION \([0-9.]*\).*/\1/p' "$SOURCE_DIR/CMakeLists.txt")
out=$(env -i "$bin" --version)
[ "$(sed -n 1p <<<"$out")" = "npm-token-scan $version" ] || fail "--version line 1: $out"
grep -Eq '^commit ([0-9a-f]{40}(-dirty)?|unknown)$' <<<"$out" || fail "--version has no commit line: $out"
grep -Eq '^built [0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z$' <<<"$out" || fail "--version has no build date: $out"

# release.sh refuses a dynamically linked binary.
if bash "$SOURCE_DIR/scripts/release.sh" "$(command -v git)" "$WORK/refused" 2>"$WORK/refused.err"; then
  fail "release.sh accepted a dynamically linked binary"
fi
grep -q "dynamic loader\|shared libraries" "$WORK/refused.err" || fail "release.sh said: $(cat "$WORK/refused.err")"

# No library present: a root directory with the binary and a repository only.
root="$WORK/root"
mkdir -p "$root/bin" "$root/repo"
cp "$bin" "$root/bin/npm-token-scan"
printf '//registry.npmjs.org/:_authToken=%s\n' "$(fake_npm_token 16)" > "$root/repo/.npmrc"
if unshare --user --map-root-user --mount true 2>/dev/null; then
  status=0
  unshare --user --map-root-user chroot "$root" /bin/npm-token-scan scan /repo --format json \
    > "$WORK/chroot.json" 2>"$WORK/chroot.err" || status=$?
  [ "$status" = 1 ] || fail "in an empty root the scan exited $status: $(cat "$WORK/chroot.err")"
  grep -q '"rule": "npmrc-auth-token"\|"rule": "npm-access-token"' "$WORK/chroot.json" ||
    fail "in an empty root the scan did not find the token: $(cat "$WORK/chroot.json")"
  echo "ran in an empty root: $(ls "$root" | tr '\n' ' ')" >&2
else
  echo "note: no unprivileged user namespaces here; the empty-root run is skipped (readelf checks stand)" >&2
fi
# The container image's build context (no Docker engine here to build it):
# every file the Dockerfile copies, for each architecture, is in the context
# scripts/docker-context.sh makes from the release files.
bash "$SOURCE_DIR/scripts/docker-context.sh" "$WORK/release" "$WORK/docker" 2>/dev/null ||
  fail "docker-context.sh failed"
arch=$(case "$name" in *x64) echo amd64 ;; *) echo arm64 ;; esac)
while read -r source; do
  source=${source//\$\{TARGETARCH\}/$arch}
  [ -e "$WORK/docker/$source" ] || fail "the Dockerfile copies $source, absent from the build context"
done < <(sed -nE '/^COPY --from=/d; s/^COPY (--chmod=[0-7]+ )?([^ ]+) .*/\2/p' "$SOURCE_DIR/Dockerfile")
cmp -s "$WORK/docker/bin/$arch/npm-token-scan" "$bin" || fail "the image would not hold the release binary"
grep -q 'directory = /src' "$WORK/docker/etc/gitconfig" || fail "the image's git config does not trust /src"
grep -q '^FROM scratch AS minimal$' "$SOURCE_DIR/Dockerfile" && [ "$(grep '^FROM ' "$SOURCE_DIR/Dockerfile" | tail -1)" = "FROM minimal" ] ||
  fail "the Dockerfile's default (last) stage is not the FROM scratch one"
# The release process commits action/SHA256SUMS after the binaries it lists
# were built (docs/releasing.md): that commit must not change what
# --version stamps into them; any other commit must.
if git -C "$SOURCE_DIR" rev-parse HEAD >/dev/null 2>&1; then
  git clone -q --depth 3 "file://$SOURCE_DIR" "$WORK/clone"
  stamp() { cmake -DSOURCE_DIR="$WORK/clone" -DOUTPUT="$WORK/$1.cpp" -P "$SOURCE_DIR/cmake/BuildInfo.cmake"; }
  commit() { git -C "$WORK/clone" -c user.name=t -c user.email=t@example.com commit -qam "$1"; }
  stamp before
  echo "0000000000000000000000000000000000000000000000000000000000000000  npm-token-scan-linux-x64" \
    >> "$WORK/clone/action/SHA256SUMS"
  commit "checksums"
  stamp checksums
  cmp -s "$WORK/before.cpp" "$WORK/checksums.cpp" || fail "committing action/SHA256SUMS changed the build stamp"
  echo "// changed" >> "$WORK/clone/CMakeLists.txt"
  commit "source"
  stamp source
  cmp -s "$WORK/before.cpp" "$WORK/source.cpp" && fail "a source commit did not change the build stamp"
  grep -q "k_build_commit = \"$(git -C "$WORK/clone" rev-parse HEAD)\"" "$WORK/source.cpp" ||
    fail "the stamp does not name the source commit: $(cat "$WORK/source.cpp")"
fi
echo "PASS: $name, $size bytes, static" >&2
