#!/usr/bin/env node
import { existsSync } from 'node:fs';

// `stepwise … | head` closes the pipe early: that ends the output, it is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e) => process.exit(e.code === 'EPIPE' ? 0 : 1));
}

if (!existsSync(new URL('../dist/src/cli/main.js', import.meta.url))) {
  process.stderr.write('stepwise is not built: run `npm install` (or `npm run build`) in the repository first\n');
  process.exit(2);
}
const { main } = await import('../dist/src/cli/main.js');
// With no arguments, `stepwise` (and `npm start`) serves the API.
const args = process.argv.slice(2);
const code = await main(args.length ? args : ['serve']);
process.exitCode = code;
// A handler that leaves a timer or socket open must not keep a finished run alive.
setTimeout(() => process.exit(code), 1000).unref();
