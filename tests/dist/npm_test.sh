#!/usr/bin/env bash
# The npm packages end to end, against a real registry on loopback: Verdaccio
# (pinned, in .tools/) on 127.0.0.1 with a throwaway storage and no uplink, the
# packages built from this tree by scripts/npm-packages.sh and published to
# it, then in an empty project `npx --registry … npm-token-scan --version` and
# a scan. Then the pre-commit framework's `language: node` hook of this
# repository (`pre-commit try-repo`), installed from that registry: a staged
# token refused, and `--all-files` failing on a token committed earlier.
# ~60 s on an idle 2-core machine, 2 min under load (Verdaccio start, three
# publishes, npx installs, two pre-commit node environments).
. "$(dirname "$0")/lib.sh"
t0=$(date +%s)
phase() { echo "[$(( $(date +%s) - t0 )) s] $*" >&2; }

[ -x "$TOOLS/.bin/verdaccio" ] || skip "verdaccio is not installed in .tools/"
command -v npm >/dev/null || skip "npm is not installed"

# --- the registry ---------------------------------------------------------
port=$(free_port)
registry="http://127.0.0.1:$port"
mkdir -p "$WORK/verdaccio"
cat > "$WORK/verdaccio/config.yaml" <<YAML
storage: $WORK/verdaccio/storage
auth:
  htpasswd:
    file: $WORK/verdaccio/htpasswd
    max_users: 1
uplinks: {}
packages:
  '**':
    access: \$all
    publish: \$authenticated
log: {type: stdout, format: pretty, level: warn}
YAML
"$TOOLS/.bin/verdaccio" --config "$WORK/verdaccio/config.yaml" --listen "127.0.0.1:$port" \
  > "$WORK/verdaccio/log" 2>&1 &
CLEANUP+=($!)
wait_for_url "$registry/-/ping" 60 "$!" || fail "Verdaccio did not start: $(cat "$WORK/verdaccio/log")"
token=$(curl -fsS -X PUT -H 'content-type: application/json' \
  -d '{"name":"release","password":"loopback-only-password"}' \
  "$registry/-/user/org.couchdb.user:release" | node -p 'JSON.parse(require("fs").readFileSync(0)).token')
[ -n "$token" ] || fail "could not create a Verdaccio user"
npmrc="$WORK/npmrc"
printf 'registry=%s/\n//127.0.0.1:%s/:_authToken=%s\nupdate-notifier=false\nfund=false\naudit=false\n' \
  "$registry" "$port" "$token" > "$npmrc"
export npm_config_userconfig="$npmrc" npm_config_cache="$WORK/npm-cache" npm_config_registry="$registry/"

phase "registry up"
# --- build and publish the packages ---------------------------------------
bin=$(release_binary)
platform=$(basename "$bin"); platform=${platform#npm-token-scan-}
bash "$SOURCE_DIR/scripts/npm-packages.sh" "$WORK/packages" "$platform=$bin"
for dir in "$WORK/packages/$platform" "$WORK/packages/npm-token-scan"; do
  npm publish --silent "$dir" > "$WORK/publish.log" 2>&1 || fail "npm publish $dir: $(cat "$WORK/publish.log")"
done
version=$(node -p "require('$SOURCE_DIR/package.json').version")
published=$(curl -fsS "$registry/npm-token-scan" | node -p 'JSON.parse(require("fs").readFileSync(0))["dist-tags"].latest')
[ "$published" = "$version" ] || fail "the registry lists npm-token-scan $published, not $version"
tarball_mode=$(curl -fsS "$registry/@npm-token-scan/$platform/-/$platform-$version.tgz" | tar -tvzf - | grep 'bin/npm-token-scan')
[[ "$tarball_mode" == -rwx* ]] || fail "the binary in the $platform package is not executable: $tarball_mode"

phase "published"
# --- npx in an empty project ----------------------------------------------
mkdir -p "$WORK/project/pkg"
cd "$WORK/project"
start=$(date +%s%N)
out=$(npx --yes --registry "$registry/" npm-token-scan --version 2>"$WORK/npx.err") ||
  fail "npx npm-token-scan --version: $(cat "$WORK/npx.err")"
echo "npx install + --version: $(( ($(date +%s%N) - start) / 1000000 )) ms" >&2
[ "$(sed -n 1p <<<"$out")" = "npm-token-scan $version" ] || fail "npx --version printed: $out"
printf '//registry.npmjs.org/:_authToken=%s\n' "$(fake_npm_token 7)" > pkg/.npmrc
status=0
npx --yes --registry "$registry/" npm-token-scan scan . --format json > "$WORK/scan.json" 2>"$WORK/scan.err" || status=$?
[ "$status" = 1 ] || fail "npx npm-token-scan scan exited $status: $(cat "$WORK/scan.err")"
node -e 'const r = JSON.parse(require("fs").readFileSync(process.argv[1]));
  if (!r.findings.some(f => f.path === "pkg/.npmrc" && f.line === 1 && f.severity === "high")) process.exit(1);' \
  "$WORK/scan.json" || fail "the scan through npx missed pkg/.npmrc: $(cat "$WORK/scan.json")"

phase "npx --version and scan"
# --- the launcher on a platform without a binary ----------------------------
status=0
node -e 'Object.defineProperty(process, "platform", {value: "win32"}); require(process.argv[1]);' \
  "$SOURCE_DIR/npm/bin/npm-token-scan.js" 2>"$WORK/unsupported.err" || status=$?
[ "$status" = 2 ] || fail "the launcher on win32 exited $status"
grep -q "no prebuilt binary for win32" "$WORK/unsupported.err" && grep -q "make build" "$WORK/unsupported.err" ||
  fail "the launcher on win32 said: $(cat "$WORK/unsupported.err")"

# --- the launcher without its platform package (npm install --omit=optional) --
mkdir -p "$WORK/no-optional"
cd "$WORK/no-optional"
npm install --silent --omit=optional npm-token-scan > "$WORK/omit.log" 2>&1 || fail "npm install --omit=optional: $(cat "$WORK/omit.log")"
status=0
node_modules/.bin/npm-token-scan --version 2>"$WORK/omit.err" || status=$?
[ "$status" = 2 ] && grep -q "is not installed" "$WORK/omit.err" && grep -q -- "--omit=optional" "$WORK/omit.err" ||
  fail "without the platform package the launcher exited $status: $(cat "$WORK/omit.err")"
phase "launcher without its platform package"

# --- pre-commit, language: node, installed from the registry ----------------
if ! command -v pre-commit >/dev/null; then
  skip "pre-commit is not installed (the npm part passed)"
fi
mkdir -p "$WORK/home"
export HOME="$WORK/home" GIT_CONFIG_NOSYSTEM=1  # no user or system git config (hooksPath…)
export PRE_COMMIT_HOME="$WORK/pre-commit-home" GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.com \
  GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.com
# try-repo clones this repository; a work tree with changes is tried as it is.
git init -q -b main "$WORK/hooked"
cd "$WORK/hooked"
echo 'module.exports = 1;' > index.js
git add index.js && git commit -q -m init
printf '//registry.npmjs.org/:_authToken=%s\n' "$(fake_npm_token 8)" > .npmrc
git add .npmrc
status=0
pre-commit try-repo "$SOURCE_DIR" npm-token-scan > "$WORK/try.out" 2>&1 || status=$?
[ "$status" = 1 ] || fail "try-repo (node) on a staged token exited $status: $(cat "$WORK/try.out")"
grep -q '\.npmrc:1:' "$WORK/try.out" || fail "try-repo (node) did not name .npmrc:1: $(cat "$WORK/try.out")"
phase "try-repo (node) refused a staged token"
git commit -q --no-verify -m "a token, committed past the hook"
# (A clean change passing is tested with the system hook: tests/action/pre_commit_test.cpp.)
status=0
pre-commit try-repo "$SOURCE_DIR" npm-token-scan --all-files > "$WORK/all.out" 2>&1 || status=$?
[ "$status" = 1 ] || fail "try-repo --all-files with a committed token exited $status: $(cat "$WORK/all.out")"
grep -q '\.npmrc:1:' "$WORK/all.out" || fail "--all-files did not name .npmrc:1: $(cat "$WORK/all.out")"
echo "PASS: npx and pre-commit (node) from a loopback registry" >&2
