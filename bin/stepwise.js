#!/usr/bin/env node
import { main } from '../dist/src/cli/main.js';

const code = await main(process.argv.slice(2));
process.exitCode = code;
// A handler that leaves a timer or socket open must not keep a finished run alive.
setTimeout(() => process.exit(code), 1000).unref();
