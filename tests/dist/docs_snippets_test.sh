#!/usr/bin/env bash
# Every snippet a user would paste, checked by the tool that would read it:
# each workflow in README.md and docs/*.md (a fenced YAML block with a
# top-level `jobs:`) and the project's own workflows and action.yml against
# GitHub's workflow and action schemas (@action-validator/cli, pinned in
# .tools/); each pre-commit configuration (`repos:`) with `pre-commit
# validate-config`, and .pre-commit-hooks.yaml with `validate-manifest`; each
# lefthook configuration with `lefthook validate`. A YAML block that looks
# like part of a workflow (runs-on:, uses:) but is not a whole one fails: a
# snippet a user cannot validate is a snippet that does not work. ~3 s.
. "$(dirname "$0")/lib.sh"
validator="$TOOLS/.bin/action-validator"
[ -x "$validator" ] || skip "@action-validator/cli is not installed in .tools/"
command -v pre-commit >/dev/null || skip "pre-commit is not installed"
cd "$SOURCE_DIR"

mkdir -p "$WORK/snippets"
# Writes each fenced yaml block of FILE to $WORK/snippets/<file>-<n>.yaml.
extract() {
  awk -v out="$WORK/snippets/$(echo "$1" | tr '/.' '__')" '
    /^```ya?ml[ \t]*$/ { n++; on = 1; file = out "-" n ".yaml"; printf "" > file; next }
    on && /^```/ { on = 0; close(file); next }
    on { print > file }' "$1"
}
for doc in README.md docs/*.md; do extract "$doc"; done

workflows=0 configs=0 lefthooks=0
problems=()
for snippet in "$WORK"/snippets/*.yaml; do
  label=$(basename "$snippet" .yaml)
  if grep -q '^jobs:' "$snippet"; then
    workflows=$((workflows + 1))
    mkdir -p "$WORK/wf/$label/.github/workflows"
    cp "$snippet" "$WORK/wf/$label/.github/workflows/snippet.yml"
    if ! (cd "$WORK/wf/$label" && "$validator" .github/workflows/snippet.yml) > "$WORK/out" 2>&1; then
      problems+=("$label: $(cat "$WORK/out")")
    fi
  elif grep -q '^repos:' "$snippet"; then
    configs=$((configs + 1))
    pre-commit validate-config "$snippet" > "$WORK/out" 2>&1 || problems+=("$label: $(cat "$WORK/out")")
  elif grep -q '^pre-commit:' "$snippet"; then
    lefthooks=$((lefthooks + 1))
    if [ -x "$TOOLS/.bin/lefthook" ]; then
      mkdir -p "$WORK/lh/$label"
      cp "$snippet" "$WORK/lh/$label/lefthook.yml"
      (cd "$WORK/lh/$label" && git init -q && "$TOOLS/.bin/lefthook" validate) > "$WORK/out" 2>&1 ||
        problems+=("$label: $(cat "$WORK/out")")
    fi
  elif grep -qE '^\s*(-\s+)?(runs-on|uses):' "$snippet"; then
    problems+=("$label: part of a workflow; show a whole workflow (on:, permissions:, jobs:) so it can be validated")
  fi
done
[ "$workflows" -ge 3 ] || problems+=("only $workflows workflow snippets found (README's, action-and-hook.md's, org.md's at least)")
[ "$configs" -ge 2 ] || problems+=("only $configs pre-commit snippets found")
[ "$lefthooks" -ge 1 ] || problems+=("no lefthook snippet found")

# The project's own files.
# One exception: the validator's bundled schema predates the `attestations`
# permission (GitHub's artifact attestations, which release.yml needs), so
# that one line is left out of what it reads; everything else is validated.
mkdir -p "$WORK/own/.github/workflows"
for own in action.yml .github/workflows/*.yml; do
  grep -vE '^\s+attestations: write' "$own" > "$WORK/own/$own"
  (cd "$WORK/own" && "$validator" "$own") > "$WORK/out" 2>&1 || problems+=("$own: $(cat "$WORK/out")")
done
pre-commit validate-manifest .pre-commit-hooks.yaml > "$WORK/out" 2>&1 || problems+=(".pre-commit-hooks.yaml: $(cat "$WORK/out")")
grep -q '^- id: npm-token-scan$' .pre-commit-hooks.yaml || problems+=("no npm-token-scan hook")
grep -q '^- id: npm-token-scan-system$' .pre-commit-hooks.yaml || problems+=("no npm-token-scan-system hook")

# The README leads with the three uses, each in at most 5 lines, before Develop.
readme_block() { awk -v n="$1" '/^```/ { if (on) exit; if (++c == n) { on = 1; next } } on' README.md; }
for n in 1 2; do
  lines=$(readme_block "$n" | wc -l)
  [ "$lines" -le 5 ] || problems+=("README block $n has $lines lines (the adoption snippets have at most 5)")
done
[ "$(grep -n '^## ' README.md | head -1 | cut -d: -f2-)" = "## Three ways to use it" ] || problems+=("README does not lead with the three uses")
grep -q '^make run ' README.md && grep -q '^make test ' README.md || problems+=("README lost make run / make test")
grep -q 'npx npm-token-scan org' README.md || problems+=("README has no npx npm-token-scan org")

if [ ${#problems[@]} -gt 0 ]; then
  printf '  %s\n' "${problems[@]}" >&2
  fail "documentation snippets"
fi
echo "PASS: $workflows workflows, $configs pre-commit configs, $lefthooks lefthook configs validated" >&2
