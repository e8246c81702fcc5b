/** Where the AWS-recorded cases live: `../shared/conformance/` beside the repository, or `$STEPWISE_CASES`. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ConformanceCase } from './case.js';

/** The repository root: the nearest folder above this file with a package.json (from src/ or dist/src/ alike). */
function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('package.json not found above ' + fileURLToPath(import.meta.url));
    dir = up;
  }
  return dir;
}

export const CASES_PATH = process.env.STEPWISE_CASES ?? resolve(repoRoot(), '../shared/conformance/cases.dev.jsonl');

let cached: ConformanceCase[] | undefined;

/** Every recorded case; a missing file is an error, never an empty suite. */
export function loadCases(): ConformanceCase[] {
  if (!cached) {
    if (!existsSync(CASES_PATH)) throw new Error(`conformance cases not found at ${CASES_PATH} (set STEPWISE_CASES)`);
    cached = readFileSync(CASES_PATH, 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as ConformanceCase);
  }
  return cached;
}
