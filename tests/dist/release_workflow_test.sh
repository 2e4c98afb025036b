#!/usr/bin/env bash
# The project's own release workflow, judged by the project's own scanner:
# the npm job publishes with trusted publishing only (auth oidc, ready, no
# blocker), no other job publishes, no token reaches any job, and the scan
# of the repository reports nothing about release.yml. ~1 s.
. "$(dirname "$0")/lib.sh"
command -v jq >/dev/null || skip "jq is not installed"
workflow=.github/workflows/release.yml
status=0
"$BINARY" scan "$SOURCE_DIR" --format json --fail-on never > "$WORK/scan.json" 2>"$WORK/scan.err" || status=$?
[ "$status" = 0 ] || fail "the scan exited $status: $(cat "$WORK/scan.err")"
jobs=$(jq -c --arg p "$workflow" '.workflows[] | select(.path == $p) | .jobs' "$WORK/scan.json")
[ -n "$jobs" ] || fail "the scan lists no $workflow: $(jq -c '.workflows | map(.path)' "$WORK/scan.json")"
npm=$(jq -c '.[] | select(.id == "npm")' <<<"$jobs")
[ "$(jq -r .publishes_npm <<<"$npm")" = true ] || fail "the npm job is not seen publishing: $npm"
[ "$(jq -r .auth <<<"$npm")" = oidc ] || fail "the npm job's auth: $npm"
[ "$(jq -r .trusted_publishing <<<"$npm")" = ready ] || fail "the npm job's trusted_publishing: $npm"
[ "$(jq -r '.blockers | length' <<<"$npm")" = 0 ] || fail "the npm job has blockers: $npm"
[ "$(jq -r '.token_sources | length' <<<"$npm")" = 0 ] || fail "a token reaches the npm job: $npm"
[ "$(jq -r '.publish_steps | length' <<<"$npm")" = 3 ] || fail "the npm job should publish three packages: $npm"
others=$(jq -c '[.[] | select(.id != "npm" and .publishes_npm)] | map(.id)' <<<"$jobs")
[ "$others" = '[]' ] || fail "other jobs publish to npm: $others"
in_workflow=$(jq -c --arg p "$workflow" '[.findings[] | select(.path == $p)]' "$WORK/scan.json")
[ "$in_workflow" = '[]' ] || fail "findings in $workflow: $in_workflow"
if grep -nE 'NPM_TOKEN|NODE_AUTH_TOKEN|_authToken|secrets\.' "$SOURCE_DIR/$workflow"; then
  fail "$workflow mentions a token or secret"
fi
echo "PASS: $workflow's npm job: $(jq -c '{auth, trusted_publishing, blockers}' <<<"$npm")" >&2
