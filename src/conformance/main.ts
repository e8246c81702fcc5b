/**
 * The conformance runner: runs every AWS-recorded case it can, writes results in the format
 * score.mjs reads, then prints score.mjs's report.
 *
 *   npm run conformance -- <cases.jsonl> [--out results.jsonl] [--only SUBSTRING] [--fails N]
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { CaseResult, ConformanceCase } from './case.js';
import { runCase } from './run-case.js';

async function main(argv: string[]): Promise<number> {
  const args = [...argv];
  const flag = (name: string): string | undefined => {
    const i = args.indexOf(`--${name}`);
    if (i < 0) return undefined;
    const v = args[i + 1];
    args.splice(i, 2);
    return v;
  };
  const out = flag('out') ?? 'results.jsonl';
  const only = flag('only');
  const fails = flag('fails') ?? '15';
  const casesPath = args[0];
  if (!casesPath) {
    process.stderr.write('usage: npm run conformance -- <cases.jsonl> [--out results.jsonl] [--only SUBSTRING] [--fails N]\n');
    return 2;
  }
  const cases = readFileSync(casesPath, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as ConformanceCase)
    .filter((c) => !only || c.id.includes(only));
  const started = Date.now();
  const results: CaseResult[] = [];
  for (const c of cases) results.push(await runCase(c));
  writeFileSync(out, results.map((r) => JSON.stringify(r)).join('\n') + '\n');
  process.stderr.write(`ran ${cases.length} cases in ${((Date.now() - started) / 1000).toFixed(1)} s → ${out}\n`);
  const scorer = join(dirname(resolve(casesPath)), 'score.mjs');
  const scored = spawnSync(process.execPath, [scorer, '--cases', casesPath, '--actual', out, '--fails', fails], { stdio: 'inherit' });
  return scored.status ?? 1;
}

process.exitCode = await main(process.argv.slice(2));
