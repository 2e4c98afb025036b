#!/usr/bin/env bash
# `org --github-org` runs the curl program for the GitHub API (the binary is
# static and cannot load libcurl). The token must never be on curl's command
# line, which every user of the machine can read in /proc: a stand-in curl
# first on PATH records its arguments and its stdin, and answers like the
# API. Also: without curl the error says what to install. (The real curl
# against a loopback server: tests/org/github_test.cpp.) ~1 s.
. "$(dirname "$0")/lib.sh"
token="ghp_test$(date +%s%N)token"
mkdir -p "$WORK/bin" "$WORK/home"
cat > "$WORK/bin/curl" <<'SH'
#!/bin/sh
printf '%s\n' "$@" > "$CURL_LOG.argv"
cat > "$CURL_LOG.stdin"
printf 'HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n\r\n' > /dev/fd/3
printf '[]'
SH
chmod +x "$WORK/bin/curl"
status=0
env -i PATH="$WORK/bin:/usr/bin:/bin" HOME="$WORK/home" CURL_LOG="$WORK/curl" GH_TOKEN="$token" \
  "$BINARY" org --github-org acme --api-url http://127.0.0.1:9/ --cache "$WORK/cache" --format json \
  > "$WORK/out.json" 2>"$WORK/err" || status=$?
[ -f "$WORK/curl.argv" ] || fail "curl was not run: $(cat "$WORK/err")"
grep -qF "$token" "$WORK/curl.argv" && fail "the token is on curl's command line: $(cat "$WORK/curl.argv")"
grep -qF "header = \"Authorization: Bearer $token\"" "$WORK/curl.stdin" ||
  fail "curl's config on stdin has no Authorization header: $(cat "$WORK/curl.stdin")"
grep -qxF 'url = "http://127.0.0.1:9/orgs/acme/repos?per_page=100&type=all"' "$WORK/curl.stdin" ||
  fail "curl's config names another URL: $(cat "$WORK/curl.stdin")"
[ "$(head -1 "$WORK/curl.argv")" = -q ] || fail "curl may read ~/.curlrc: $(cat "$WORK/curl.argv")"
[ "$status" = 0 ] || fail "an empty organisation exited $status: $(cat "$WORK/err")"

# No curl at all: the error names it.
mkdir -p "$WORK/nocurl"
ln -s "$(command -v git)" "$WORK/nocurl/git"
status=0
env -i PATH="$WORK/nocurl" HOME="$WORK/home" GH_TOKEN="$token" \
  "$BINARY" org --github-org acme --api-url http://127.0.0.1:9/ --cache "$WORK/cache" > /dev/null 2>"$WORK/err" || status=$?
[ "$status" != 0 ] || fail "org --github-org without curl succeeded"
grep -q "cannot run curl" "$WORK/err" && grep -q "apt-get install curl" "$WORK/err" || fail "without curl: $(cat "$WORK/err")"
grep -qF "$token" "$WORK/err" && fail "the token appears in the error"
echo "PASS: the token reaches curl on stdin only" >&2
