import { execFileSync } from 'node:child_process'
const run = (cmd: string, argv: string[]) => execFileSync(cmd, argv, { stdio: 'inherit' })
export async function publishPackages(args: string[]) {
  run('npm', ['publish', '--provenance', '--access', 'public'])
}
