#!/usr/bin/env node
// The `npm-token-scan` command of the npm package: finds the native binary in
// the platform package npm installed (an optionalDependency whose `os`/`cpu`
// match this machine, as esbuild and biome ship theirs) and runs it with this
// process's arguments, stdio and exit status.
'use strict';

const { spawnSync } = require('child_process');
const fs = require('fs');

const PLATFORM_PACKAGES = {
  'linux x64': '@npm-token-scan/linux-x64',
  'linux arm64': '@npm-token-scan/linux-arm64',
};
const SOURCE_ROUTE =
  'Build it from source instead (a C++20 compiler and CMake): ' +
  'git clone https://github.com/npm-token-scan/npm-token-scan && cd npm-token-scan && make build, ' +
  'then run build/npm-token-scan.';

function fail(message) {
  process.stderr.write(`npm-token-scan: ${message}\n`);
  process.exit(2);
}

function binaryPath() {
  const key = `${process.platform} ${process.arch}`;
  const pkg = PLATFORM_PACKAGES[key];
  if (!pkg) {
    const supported = Object.keys(PLATFORM_PACKAGES).join(', ');
    fail(`no prebuilt binary for ${key} (prebuilt: ${supported}). ${SOURCE_ROUTE}`);
  }
  let file;
  try {
    file = require.resolve(`${pkg}/bin/npm-token-scan`);
  } catch (error) {
    fail(
      `the platform package ${pkg} is not installed. npm skips it when optional ` +
        'dependencies are turned off (--omit=optional, --no-optional): reinstall without that ' +
        `option, or install ${pkg} directly. ${SOURCE_ROUTE}`
    );
  }
  try {
    fs.accessSync(file, fs.constants.X_OK);
  } catch (error) {
    fs.chmodSync(file, 0o755); // an unpacker that dropped the mode bits
  }
  return file;
}

const binary = binaryPath();
const result = spawnSync(binary, process.argv.slice(2), { stdio: 'inherit' });
if (result.error) {
  fail(`cannot run ${binary}: ${result.error.message}`);
}
if (result.signal) {
  process.kill(process.pid, result.signal);
}
process.exit(result.status === null ? 3 : result.status);
