import { execSync } from 'node:child_process';

function release(opts) {
  execSync('npm version patch --no-git-tag-version');
  if (opts.publish && !opts.dryRun) {
    execSync(`npm publish --tag ${opts.tag}`);
  }
}

release({ publish: false, tag: 'next' });
