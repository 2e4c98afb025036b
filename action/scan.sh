#!/usr/bin/env bash
# Runs the scan the event calls for and publishes the results: annotations on
# stdout, the Markdown report in the job summary, SARIF in a file, counts as
# step outputs. Event data and inputs arrive through the environment only.
set -euo pipefail
cd "${GITHUB_WORKSPACE:-.}"
event="${GITHUB_EVENT_NAME:-}"
event_file="${GITHUB_EVENT_PATH:-/dev/null}"
mode="${INPUT_MODE:-auto}"
# fix-suggest: the scan auto would run, and `npm-token-scan fix`'s patch for
# the checked-out repository in the job summary. Nothing is written or pushed.
suggest=""
if [ "$mode" = fix-suggest ]; then
  suggest=1; mode=auto
fi
json() { jq -r "$1 // empty" "$event_file" 2>/dev/null || true; }

base="" head=""
if [ "$mode" = auto ]; then
  case "$event" in
    pull_request|pull_request_target) base=$(json .pull_request.base.sha); head=$(json .pull_request.head.sha) ;;
    merge_group) base=$(json .merge_group.base_sha); head=$(json .merge_group.head_sha) ;;
    push) base=$(json .before); head=$(json .after) ;;
  esac
  if [ -n "$base" ] && [ -n "$head" ] && [ "$base" != "0000000000000000000000000000000000000000" ]; then
    mode=range
  else
    mode=worktree
  fi
fi

args=(scan)
case "$mode" in
  range)
    if [ -z "$base" ] || [ -z "$head" ]; then
      echo "::error title=npm-token-scan::mode range needs a pull_request, merge_group or push event" >&2
      echo "exit=2" >> "$GITHUB_OUTPUT"; exit 0
    fi
    # A shallow checkout lacks the base and the history between: fetch them.
    fetch_log=$(mktemp)
    if ! git cat-file -e "$base^{commit}" 2>/dev/null; then
      git fetch --no-tags --quiet --depth=1 origin "$base" 2>>"$fetch_log" || true
    fi
    if [ "$(git rev-parse --is-shallow-repository 2>/dev/null)" = true ]; then
      commits=$(json .pull_request.commits); commits=${commits:-50}
      git fetch --no-tags --quiet --deepen="$((commits + 1))" origin "$head" 2>>"$fetch_log" || true
      git merge-base "$base" "$head" >/dev/null 2>&1 || git fetch --no-tags --quiet --unshallow origin 2>>"$fetch_log" || true
    fi
    # Still missing: say why and what to change, not git's "unknown revision".
    for end in base head; do
      sha=${!end}; sha=${sha//[^0-9a-fA-F]/}
      if ! git cat-file -e "$sha^{commit}" 2>/dev/null; then
        why=$(tr '\n' ' ' < "$fetch_log" | tr -d '\r' | cut -c1-300); why=${why//%/%25}
        echo "::error title=npm-token-scan::the $end commit ${sha:0:12} of this ${event:-workflow} event is not in the checkout and could not be fetched from origin${why:+ (git: $why)}. Check out the history with actions/checkout 'fetch-depth: 0', or let the Action fetch it: keep the checkout's credentials ('persist-credentials: true', the default) and give the job 'permissions: contents: read'."
        rm -f "$fetch_log"
        echo "exit=3" >> "$GITHUB_OUTPUT"; exit 0
      fi
    done
    rm -f "$fetch_log"
    args+=(--range "$base..$head") ;;
  staged) args+=(--staged) ;;
  history) args+=(--history) ;;
  # A folder inside the repository (path: packages/core): files named from the
  # repository root, as annotations and code scanning need them, and the
  # repository's workflows analysed (range, staged and history do both anyway).
  worktree) args+=(--repo-relative) ;;
  *) echo "::error title=npm-token-scan::unknown mode '$mode'" >&2; echo "exit=2" >> "$GITHUB_OUTPUT"; exit 0 ;;
esac
[ -n "${INPUT_BASELINE:-}" ] && args+=(--baseline "$INPUT_BASELINE")
read -r -a extra <<< "${INPUT_EXTRA_ARGS:-}"
args+=("${extra[@]}" "${INPUT_PATH:-.}")
echo "npm-token-scan: ${args[*]}" >&2

# Our files go under RUNNER_TEMP, never into the checkout: the pull request
# controls the checkout and could plant a symbolic link where a file goes. A
# folder of this run's own: a report an earlier run (or another use of the
# Action in this job) left behind is never read, counted or uploaded.
tmp=$(mktemp -d "${RUNNER_TEMP:-${TMPDIR:-/tmp}}/npm-token-scan.XXXXXXXX")
report="$tmp/npm-token-scan.json"
sarif="${INPUT_SARIF:-$tmp/npm-token-scan.sarif}"
summary="$tmp/npm-token-scan.md"
rm -f "$sarif"  # a given path may hold an earlier run's SARIF: never upload that one
# One scan, every format: annotations on stdout, the rest into files.
set +e
"$NTS_BIN" "${args[@]}" --format github --fail-on "${INPUT_FAIL_ON:-high}" \
  --write-report "json=$report" --write-report "sarif=$sarif" --write-report "markdown=$summary"
status=$?
set -e
if [ -n "${GITHUB_STEP_SUMMARY:-}" ] && [ -f "$summary" ]; then
  cat "$summary" >> "$GITHUB_STEP_SUMMARY"
fi
if [ -n "$suggest" ]; then
  # The patch goes to the summary only (Markdown, repository text escaped and
  # fenced); its exit code (1: a job left as it is) never fails the step.
  suggestion="$tmp/npm-token-scan-fix.md"
  set +e
  "$NTS_BIN" fix --format markdown --output "$suggestion" "${INPUT_PATH:-.}"
  fix_status=$?
  set -e
  if [ "$fix_status" -le 1 ] && [ -f "$suggestion" ]; then
    if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
      { echo; cat "$suggestion"; } >> "$GITHUB_STEP_SUMMARY"
    fi
  else
    echo "::warning title=npm-token-scan::fix-suggest could not plan a patch (exit $fix_status); see the log" >&2
  fi
fi

count() { jq "$1" "$report" 2>/dev/null || echo 0; }
{
  echo "findings=$(count '.findings | length')"
  echo "high=$(count '[.findings[] | select(.severity == "high")] | length')"
  for auth in token hybrid oidc; do
    echo "$auth-jobs=$(count "[.workflows[].jobs[] | select(.publishes_npm and .auth == \"$auth\")] | length")"
  done
  echo "sarif=$sarif"
  echo "exit=$status"
} >> "$GITHUB_OUTPUT"
