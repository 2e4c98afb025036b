#!/usr/bin/env node
import { execSync, spawnSync } from 'node:child_process'
import { $ } from 'zx'

const here = import.meta.dirname
execSync(`bash ${here}/publish-all.sh`, { stdio: 'inherit' })
spawnSync('npm', ['publish', '--registry', 'https://npm.pkg.github.com'], { stdio: 'inherit' })
await $`npx jsr publish`
