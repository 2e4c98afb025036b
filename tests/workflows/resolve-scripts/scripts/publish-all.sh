#!/bin/sh
# publishes the workspace packages to npmjs
pnpm -r publish --access public --no-git-checks
