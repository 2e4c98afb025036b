import { execSync } from 'node:child_process'
export async function build() {
  execSync('npm run build --if-present', { stdio: 'inherit' })
}
