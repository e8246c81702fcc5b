/** Runs the real `stepwise` binary (bin/stepwise.js over the built dist/) as a user would. */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, whether this runs from test/ (tsx) or dist/test/ (npm test). */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'bin', 'stepwise.js'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('bin/stepwise.js not found above the test');
    dir = parent;
  }
  return dir;
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** `stepwise …args` in `cwd` (the repository root by default). */
export function stepwise(args: string[], cwd = repoRoot()): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [join(repoRoot(), 'bin', 'stepwise.js'), ...args], { cwd, timeout: 30_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}
