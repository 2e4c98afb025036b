// Publishes one built library: node publish.mjs <project> <version> <tag>
import { execSync } from 'node:child_process';

const [, , name, version, tag = 'next'] = process.argv;
process.chdir(`dist/libs/${name}`);
execSync(`npm version ${version}`);
execSync(`npm publish --access public --tag ${tag}`);
