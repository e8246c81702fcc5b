/**
 * `stepwise logs <function> [--follow]`: prints a function's log file from the data directory
 * (`<data-dir>/logs/functions/<function>.log`, written by the server's function runtime);
 * `--follow` keeps printing lines as they are appended, like `tail -F`.
 */
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { functionLogDir, functionLogFile } from '../functions/log-store.js';
import type { CliIO } from './engine-api.js';
import { ExitCode, UserError } from './exit.js';

export interface LogsCommandOptions {
  dataDir: string;
  follow?: boolean;
}

const POLL_MS = 200;

export async function logsCommand(functionName: string, options: LogsCommandOptions, io: CliIO, signal?: AbortSignal): Promise<number> {
  const file = functionLogFile(functionLogDir(options.dataDir), functionName);
  if (!options.follow) {
    if (!existsSync(file)) throw new UserError(`no logs for function '${functionName}' (looked for ${file})`);
    const { text } = readFrom(file, 0);
    if (text !== '') io.stdout(text.replace(/\n$/, ''));
    return ExitCode.Succeeded;
  }
  let offset = 0;
  while (!signal?.aborted) {
    if (existsSync(file)) {
      // A file shorter than what was read was truncated or replaced: start over.
      if (statSync(file).size < offset) offset = 0;
      const { text, end } = readFrom(file, offset);
      offset = end;
      if (text !== '') io.stdout(text.replace(/\n$/, ''));
    }
    await sleep(POLL_MS, undefined, { signal }).catch(() => undefined);
  }
  return ExitCode.Succeeded;
}

function readFrom(file: string, offset: number): { text: string; end: number } {
  const size = statSync(file).size;
  if (size <= offset) return { text: '', end: offset };
  const buffer = Buffer.alloc(size - offset);
  const fd = openSync(file, 'r');
  try {
    const read = readSync(fd, buffer, 0, buffer.length, offset);
    // Whole lines only (a newline never falls inside a UTF-8 character); the rest comes with the next read.
    const end = buffer.subarray(0, read).lastIndexOf(0x0a) + 1;
    return { text: buffer.subarray(0, end).toString('utf8'), end: offset + end };
  } finally {
    closeSync(fd);
  }
}

