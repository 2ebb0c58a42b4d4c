#!/usr/bin/env node
// Entry point of the `provstat` command: runs the compiled CLI (built by `npm run build`,
// which `npm ci` runs through the `prepare` script).
import { existsSync } from 'node:fs';

const main = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(main)) {
  process.stderr.write('provstat is not built yet: run `npm run build` (or `npm ci`) in the project folder first.\n');
  process.exit(1);
}
await import(main.href);
