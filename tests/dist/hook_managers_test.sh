#!/usr/bin/env bash
# The hook managers JavaScript repositories use, for real (pinned in .tools/):
# husky 9 sets core.hooksPath to its shims; `npm-token-scan hook install`
# adds the scan to .husky/pre-commit and leaves husky's shim alone, and a
# commit adding a token is refused through husky; `hook uninstall` takes the
# line out again. lefthook with the lefthook.yml the README documents refuses
# the same commit. ~3 s.
. "$(dirname "$0")/lib.sh"
[ -f "$TOOLS/husky/bin.js" ] || skip "husky is not installed in .tools/"
[ -x "$TOOLS/.bin/lefthook" ] || skip "lefthook is not installed in .tools/"

export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.com GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.com
export HOME="$WORK/home" GIT_CONFIG_NOSYSTEM=1
mkdir -p "$HOME"
scanner() { "$BINARY" "$@"; }

# A project with npm-token-scan as a devDependency: its bin in node_modules/.bin.
new_repo() {
  git init -q -b main "$1"
  cd "$1"
  echo '{"name": "demo", "version": "1.0.0", "private": true}' > package.json
  echo 'module.exports = 1;' > index.js
  echo 'node_modules/' > .gitignore
  mkdir -p node_modules/.bin
  ln -s "$BINARY" node_modules/.bin/npm-token-scan
  git add -A && git commit -q -m init
}
stage_token() {
  printf '//registry.npmjs.org/:_authToken=%s\n' "$(fake_npm_token "$1")" > .npmrc
  git add .npmrc
}

# --- husky ------------------------------------------------------------------
new_repo "$WORK/husky"
node "$TOOLS/husky/bin.js" > "$WORK/husky.out" 2>&1 || fail "husky: $(cat "$WORK/husky.out")"
[ "$(git config core.hooksPath)" = ".husky/_" ] || fail "husky did not set core.hooksPath"
: > .husky/pre-commit
shim_before=$(sha256sum .husky/_/pre-commit)
scanner hook install 2>"$WORK/install.err" || fail "hook install: $(cat "$WORK/install.err")"
grep -q "husky manages" "$WORK/install.err" || fail "hook install said: $(cat "$WORK/install.err")"
[ "$(sha256sum .husky/_/pre-commit)" = "$shim_before" ] || fail "hook install changed husky's shim"
grep -q '^npm-token-scan scan --staged --fail-on high ' .husky/pre-commit || fail ".husky/pre-commit: $(cat .husky/pre-commit)"
scanner hook install 2>/dev/null
[ "$(grep -c 'npm-token-scan scan' .husky/pre-commit)" = 1 ] || fail "a second install added a second line"
stage_token 21
if git commit -q -m "add a token" > "$WORK/commit.out" 2>&1; then
  fail "husky let a token through: $(cat "$WORK/commit.out")"
fi
grep -q '\.npmrc:1:' "$WORK/commit.out" || fail "the refusal did not name .npmrc:1: $(cat "$WORK/commit.out")"
git rm -q --cached .npmrc && rm .npmrc
echo 'module.exports = 2;' > index.js
git add index.js
git commit -q -m "clean change" > "$WORK/clean.out" 2>&1 || fail "husky refused a clean commit: $(cat "$WORK/clean.out")"
scanner hook uninstall 2>/dev/null
grep -q 'npm-token-scan' .husky/pre-commit && fail "hook uninstall left the line: $(cat .husky/pre-commit)"
[ "$(sha256sum .husky/_/pre-commit)" = "$shim_before" ] || fail "hook uninstall changed husky's shim"

# --- lefthook, with the configuration the README shows -----------------------
new_repo "$WORK/lefthook"
awk '/<!-- lefthook.yml -->/ { grab = 1; next } grab && /^```yaml/ { on = 1; next } on && /^```/ { exit } on' \
  "$SOURCE_DIR/README.md" > lefthook.yml
[ -s lefthook.yml ] || fail "README.md has no lefthook.yml snippet after <!-- lefthook.yml -->"
"$TOOLS/.bin/lefthook" install > "$WORK/lefthook.out" 2>&1 || fail "lefthook install: $(cat "$WORK/lefthook.out")"
stage_token 22
if git commit -q -m "add a token" > "$WORK/lcommit.out" 2>&1; then
  fail "lefthook let a token through: $(cat "$WORK/lcommit.out")"
fi
grep -q '\.npmrc:1:' "$WORK/lcommit.out" || fail "lefthook's refusal did not name .npmrc:1: $(cat "$WORK/lcommit.out")"
echo "PASS: husky and lefthook refuse a staged token" >&2
