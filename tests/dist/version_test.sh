#!/usr/bin/env bash
# One version everywhere a user or the release reads it: CMakeLists.txt (the
# binary's --version), package.json and its optionalDependencies, the Action
# references (`npm-token-scan/npm-token-scan@vX.Y.Z`) and pre-commit `rev:`
# in the README and docs, the Dockerfile's default, and the CHANGELOG's top
# entry. Also the license: LICENSE, package.json, the README and SARIF agree.
# ~1 s.
. "$(dirname "$0")/lib.sh"
cd "$SOURCE_DIR"

version=$(sed -n 's/^project(npm-token-scan VERSION \([0-9.]*\) .*/\1/p' CMakeLists.txt)
[ -n "$version" ] || fail "no version in CMakeLists.txt"
problems=()
check() { [ "$2" = "$version" ] || problems+=("$1 says '$2'"); }

check package.json "$(node -p 'require("./package.json").version')"
for dep in $(node -p 'Object.keys(require("./package.json").optionalDependencies).join(" ")'); do
  check "package.json optionalDependencies $dep" "$(node -p "require('./package.json').optionalDependencies['$dep']")"
done
[ "$(node -p 'Object.keys(require("./package.json").optionalDependencies).sort().join(" ")')" = \
  "@npm-token-scan/linux-arm64 @npm-token-scan/linux-x64" ] || problems+=("optionalDependencies: not the two platform packages")
check "the binary (--version)" "$("$BINARY" --version | sed -n 's/^npm-token-scan //p')"
check "Dockerfile ARG VERSION" "$(sed -n 's/^ARG VERSION=//p' Dockerfile)"
check "CHANGELOG.md top entry" "$(grep -m1 -o '^## \[[0-9.]*\]' CHANGELOG.md | tr -d '#[] ')"

docs=(README.md docs/*.md)
found=0
while IFS= read -r line; do
  found=$((found + 1))
  file=${line%%:*}; ref=${line##*@v}
  check "$file (npm-token-scan/npm-token-scan@v$ref)" "$ref"
done < <(grep -oE 'npm-token-scan/npm-token-scan@v[0-9][0-9.]*[0-9]' "${docs[@]}")
[ "$found" -gt 0 ] || problems+=("no uses: npm-token-scan/npm-token-scan@vX.Y.Z in the docs")
found=0
while IFS= read -r line; do
  found=$((found + 1))
  check "${line%%:*} (rev:)" "${line##*rev: v}"
done < <(grep -oE 'rev: v[0-9][0-9.]*[0-9]' "${docs[@]}")
[ "$found" -gt 0 ] || problems+=("no pre-commit rev: in the docs")
while IFS= read -r line; do
  check "${line%%:*} (image tag)" "$(sed -E 's/.*npm-token-scan:([0-9.]*[0-9]).*/\1/' <<<"$line")"
done < <(grep -oE 'ghcr.io/npm-token-scan/npm-token-scan:[0-9][0-9.]*[0-9]' "${docs[@]}" Dockerfile)

# The license, stated once and the same everywhere.
head -3 LICENSE | grep -q 'Apache License' || problems+=("LICENSE is not the Apache License")
[ "$(node -p 'require("./package.json").license')" = Apache-2.0 ] || problems+=("package.json license")
grep -q 'Apache-2.0' README.md || problems+=("README does not name the license")
mkdir -p "$WORK/empty"
"$BINARY" scan "$WORK/empty" --format sarif --fail-on never > "$WORK/out.sarif" 2>/dev/null
[ "$(jq -r '.runs[0].tool.driver.properties.license' "$WORK/out.sarif")" = Apache-2.0 ] ||
  problems+=("SARIF tool.driver.properties.license")
grep -q 'org.opencontainers.image.licenses="Apache-2.0"' Dockerfile || problems+=("Dockerfile license label")

if [ ${#problems[@]} -gt 0 ]; then
  printf '  %s\n' "${problems[@]}" >&2
  fail "versions or licenses disagree with CMakeLists.txt ($version)"
fi
echo "PASS: version $version and Apache-2.0 agree everywhere" >&2
