/**
 * The conformance runner: runs every AWS-recorded case it can, writes results in the format
 * score.mjs reads, then prints score.mjs's report.
 *
 *   npm run conformance -- <cases.jsonl> [--out results.jsonl] [--only SUBSTRING] [--fails N]
 *                          [--via server] [--baseline conformance-baseline.json [--update-baseline]]
 *
 * `--via server` sends the pure execution, validation, TestState and rejected-call (api_error)
 * cases through a Stepwise server's HTTP API, as an AWS SDK would; the rest run in-process as usual.
 *
 * With --baseline the exit status is 1 when any pass count (overall, per group, per kind) is
 * below the committed baseline: the pass count only goes up.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { CaseResult, ConformanceCase } from './case.js';
import { runCase } from './run-case.js';
import { ServerConformance } from './server-cases.js';
import { groupOf } from './case.js';

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
  const baseline = flag('baseline');
  const via = flag('via');
  const update = args.includes('--update-baseline');
  if (update) args.splice(args.indexOf('--update-baseline'), 1);
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
  const server = via === 'server' ? await ServerConformance.open() : undefined;
  try {
    for (const c of cases) results.push((server && groupOf(c) === 'pure' && (await server.run(c))) || (await runCase(c)));
  } finally {
    await server?.close();
  }
  writeFileSync(out, results.map((r) => JSON.stringify(r)).join('\n') + '\n');
  process.stderr.write(`ran ${cases.length} cases in ${((Date.now() - started) / 1000).toFixed(1)} s → ${out}\n`);
  const scorer = join(dirname(resolve(casesPath)), 'score.mjs');
  const scored = spawnSync(process.execPath, [scorer, '--cases', casesPath, '--actual', out, '--fails', fails], { stdio: 'inherit' });
  if (scored.status !== 0) return scored.status ?? 1;
  if (!baseline) return 0;
  const json = spawnSync(process.execPath, [scorer, '--cases', casesPath, '--actual', out, '--json'], { encoding: 'utf8' });
  return checkBaseline(baseline, passCounts(JSON.parse(json.stdout.trim().split('\n').at(-1)!)), update);
}

type Counts = Record<string, number>;

/** The figures the baseline holds: the overall pass count and each group's and kind's. */
function passCounts(score: { pass: number; breakdown: Record<string, { pass: number }> }): Counts {
  const counts: Counts = { all: score.pass };
  for (const [key, t] of Object.entries(score.breakdown)) if (/^(group|kind):/.test(key)) counts[key] = t.pass;
  return counts;
}

function checkBaseline(path: string, now: Counts, update: boolean): number {
  const before: Counts = existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : {};
  const drops = Object.entries(before).filter(([key, n]) => (now[key] ?? 0) < n);
  for (const [key, n] of drops) process.stderr.write(`conformance baseline: ${key} fell from ${n} to ${now[key] ?? 0}\n`);
  if (drops.length > 0) return 1;
  const raised = Object.entries(now).filter(([key, n]) => n > (before[key] ?? 0));
  if (update) writeFileSync(path, JSON.stringify(now, null, 2) + '\n');
  else if (raised.length > 0) process.stderr.write(`conformance baseline: above the baseline (${raised.map(([k, n]) => `${k} ${n}`).join(', ')}); raise it with --update-baseline\n`);
  process.stderr.write(`conformance baseline: holds (${path})\n`);
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
