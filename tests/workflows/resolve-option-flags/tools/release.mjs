import { runTasks } from './tasks.mjs';

const args = process.argv.slice(2);
if (args.includes('--prepare')) {
  await runTasks({ publish: false, bump: args[args.indexOf('--bump') + 1] });
}
if (args.includes('--ship')) {
  await runTasks({ publish: true });
}
