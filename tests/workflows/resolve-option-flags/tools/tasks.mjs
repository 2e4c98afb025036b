import { execSync } from 'node:child_process';

export async function runTasks(options) {
  const run = (cmd) => execSync(cmd, { stdio: 'inherit' });
  if (!options.publish) {
    return run(`npm version ${options.bump} --no-git-tag-version`);
  }
  run('npm publish --provenance');
}
