#!/usr/bin/env python3
"""Writes a monorepo shaped for the workflow analysis benchmark (issue 14):
WORKFLOWS workflow files (one in six publishes, with a token, OIDC, a
script or make; the rest are CI) and PACKAGES workspace packages, each with a package.json whose scripts
call other scripts, plus release scripts and a Makefile the jobs go through.
No token-shaped string is written: jobs read `secrets.NPM_TOKEN`."""
import json
import os
import sys

root, workflows, packages = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
os.makedirs(os.path.join(root, ".github", "workflows"), exist_ok=True)
os.makedirs(os.path.join(root, "scripts"), exist_ok=True)


def write(path, text):
    full = os.path.join(root, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "w") as f:
        f.write(text)


write("package.json", json.dumps({
    "name": "bench-root", "private": True, "workspaces": ["packages/*"],
    "scripts": {"release": "bash scripts/release.sh", "build": "tsc -b",
                "publish-all": "npm publish --workspaces --access public"},
    "repository": {"type": "git", "url": "https://github.com/acme/bench.git"}}, indent=2))
write("scripts/release.sh", "#!/bin/sh\nset -e\nnpm run build\nnode scripts/publish.mjs\n")
write("scripts/publish.mjs", "import { execSync } from 'node:child_process';\n"
      "execSync('npm publish --provenance', { stdio: 'inherit' });\n")
write("Makefile", "publish: build\n\tnpm publish --workspaces\nbuild:\n\tnpm run build\n")
for i in range(packages):
    write(f"packages/pkg{i}/package.json", json.dumps({
        "name": f"@acme/pkg{i}", "version": "1.0.0", "private": i % 10 == 0,
        "scripts": {"build": "tsc", "test": "vitest run", "prepublishOnly": "npm run build",
                    "release": "npm run build && npm publish"},
        "dependencies": {f"@acme/pkg{(i + 1) % packages}": "^1.0.0"}}, indent=2))
    write(f"packages/pkg{i}/src/index.ts", f"export const id = {i};\n")

# One workflow in six publishes (rotating through four mechanisms); the rest
# are CI, as in real monorepos, where most workflows build, test and lint.
kinds = ["token", "oidc", "script", "make"]
for w in range(workflows):
    kind = kinds[(w // 6) % len(kinds)] if w % 6 == 0 else "ci"
    steps = ["      - uses: actions/checkout@v4",
             "      - uses: actions/setup-node@v4\n        with:\n          node-version: 22\n"
             "          registry-url: https://registry.npmjs.org"]
    perms = "    permissions:\n      contents: read\n"
    if kind == "token":
        steps.append("      - run: npm publish\n        env:\n"
                     "          NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}")
    elif kind == "oidc":
        perms += "      id-token: write\n"
        steps.append(f"      - run: npm publish --workspace packages/pkg{w % packages}")
    elif kind == "script":
        steps.append("      - run: npm run release\n        env:\n"
                     "          NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}")
    elif kind == "make":
        perms += "      id-token: write\n"
        steps.append("      - run: make publish")
    else:
        steps += ["      - run: npm ci", "      - run: npm test"]
    write(f".github/workflows/wf{w}.yml",
          f"name: wf{w}\non:\n  push:\n    branches: [main]\njobs:\n"
          f"  build:\n    runs-on: ubuntu-latest\n    steps:\n"
          "      - uses: actions/checkout@v4\n      - run: npm ci && npm test\n"
          f"  {kind}:\n    needs: build\n    runs-on: ubuntu-latest\n{perms}    steps:\n"
          + "\n".join(steps) + "\n")
