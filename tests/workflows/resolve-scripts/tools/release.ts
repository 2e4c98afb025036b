import { build } from './lib/build'
import { publishPackages } from './lib/publish'

const args = process.argv.slice(2)
await build()
if (args.includes('--publish')) {
  await publishPackages(args)
}
