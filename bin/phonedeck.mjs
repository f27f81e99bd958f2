#!/usr/bin/env node
// `npm link` puts this on the PATH; it runs the bundled CLI built by `npm run build`.
import { existsSync } from 'node:fs';
const built = new URL('../out/cli/phonedeck.mjs', import.meta.url);
if (!existsSync(built)) {
  console.error('phonedeck: the CLI is not built yet; run `npm run build` in the Phonedeck folder');
  process.exit(2);
}
await import(built.href);
