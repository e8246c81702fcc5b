import { existsSync } from 'node:fs';
import { loadDocument } from './load-file.js';
import { UserError } from './exit.js';

/**
 * `--input` is inline JSON, `@file`, or (as in `--input order.json`) a path that exists.
 * No input at all is `{}`, as with StartExecution.
 */
export async function parseInput(arg: string | undefined): Promise<unknown> {
  if (arg === undefined) return {};
  if (arg.startsWith('@')) return loadDocument(arg.slice(1));
  try {
    return JSON.parse(arg);
  } catch (e) {
    if (existsSync(arg)) return loadDocument(arg);
    throw new UserError(`--input is neither valid JSON nor an existing file (${(e as Error).message})`);
  }
}
