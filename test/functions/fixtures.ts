/** Functions written into temporary directories, and configurations to run them with. */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { FunctionConfig, Runtime } from '../../src/functions/runtime.js';

const dirs: string[] = [];

/** A code directory holding `files` (path → content); removed by `removeCodeDirs`. */
export function codeDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'stepwise-fn-'));
  dirs.push(dir);
  for (const [path, content] of Object.entries(files)) {
    const file = join(dir, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content);
    if (path === 'bootstrap') chmodSync(file, 0o755);
  }
  return dir;
}

export function removeCodeDirs(): void {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

let counter = 0;

export function functionConfig(runtime: Runtime, handler: string, dir: string, overrides: Partial<FunctionConfig> = {}): FunctionConfig {
  const functionName = overrides.functionName ?? `fn-${process.pid}-${++counter}`;
  return {
    functionName,
    functionArn: `arn:aws:lambda:us-east-1:123456789012:function:${functionName}`,
    version: '$LATEST',
    runtime,
    handler,
    codeDir: dir,
    memorySize: 128,
    timeout: 3,
    environment: {},
    ...overrides,
  };
}

export const decodeLog = (logResult: string | undefined): string => Buffer.from(logResult ?? '', 'base64').toString('utf8');
