// The server sections of `npm run bench`: the Step Functions service (durable throughput, start
// rates, StartSyncExecution latency, memory with executions waiting on tokens) and Lambda (warm
// invokes, cold starts, a machine of Lambda tasks). Each scenario runs in a child process of
// its own, which starts its own server (server.js) under this Node; scenarios run one at a time.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

const fmt = (n) => Math.round(n).toLocaleString('en-US');
const ms = (n) => n.toFixed(2);
const seconds = (n) => (n / 1000).toFixed(1);

/** Each row: label, the figure from a scenario's result, and the target it is held to (if any). */
export const SECTIONS = {
  service: {
    child: 'service.js',
    scenarios: ['durable', 'starts', 'tokens'],
    rows: [
      ['durable', (r) => `Standard, SQLite fsync: ${fmt(r.transitions)} transitions (${fmt(r.executions)} x 10 Pass + 2 Task)`, (r) => r.transitionsPerSecond, fmt, '>=', 10_000, 'tr/s'],
      ['starts', () => 'StartExecution, Express 5 Pass, 32 concurrent', (r) => r.expressStartsPerSecond, fmt, '', undefined, 'req/s'],
      ['starts', () => 'StartExecution, Standard 5 Pass, 32 concurrent', (r) => r.standardStartsPerSecond, fmt, '', undefined, 'req/s'],
      ['starts', () => 'StartSyncExecution p50, Express 5 Pass, sequential', (r) => r.sync.p50Ms, ms, '<=', 2, 'ms'],
      ['starts', () => 'StartSyncExecution p99', (r) => r.sync.p99Ms, ms, '', undefined, 'ms'],
      ['tokens', (r) => `${fmt(r.executions)} executions waiting on task tokens: server RSS`, (r) => r.openRssMB, fmt, '<=', 1024, 'MB'],
      ['tokens', (r) => `  time to start them all (until every token is out)`, (r) => r.waitingMs, seconds, '', undefined, 's'],
      ['tokens', (r) => `  time to release them all (SendTaskSuccess, until the last stops)`, (r) => r.releaseMs, seconds, '', undefined, 's'],
      ['tokens', () => '  server peak RSS (VmHWM), start to finish', (r) => r.peakRssMB, fmt, '', undefined, 'MB'],
    ],
  },
  lambda: {
    child: 'lambda.js',
    scenarios: ['warm', 'cold', 'burst', 'machine'],
    rows: [
      ['warm', () => 'Invoke round trip p50, Node, warm, sequential', (r) => r.sequential.p50Ms, ms, '<=', 2, 'ms'],
      ['warm', () => 'Invoke round trip p99', (r) => r.sequential.p99Ms, ms, '', undefined, 'ms'],
      ['warm', (r) => `Invokes/s, ${r.callers} concurrent callers`, (r) => r.invokesPerSecond, fmt, '>=', 2_000, '/s'],
      ['cold', () => 'Cold start, Node: Init Duration (median)', (r) => r.node.initDurationMs, ms, '<=', 150, 'ms'],
      ['cold', () => '  Node: CreateFunction, then first invoke round trip', (r) => r.node.firstInvokeMs, ms, '', undefined, 'ms'],
      ['cold', () => 'Cold start, Python: Init Duration (median)', (r) => r.python.initDurationMs, ms, '', undefined, 'ms'],
      ['cold', () => '  Python: first invoke round trip', (r) => r.python.firstInvokeMs, ms, '', undefined, 'ms'],
      ['burst', (r) => `Burst: ${fmt(r.invocations)} invokes at once, no warm environment: all answered`, (r) => r.ms, ms, '', undefined, 'ms'],
      ['burst', () => '  function environments (processes) at the peak', (r) => r.peakEnvironments, fmt, '', undefined, ''],
      ['machine', (r) => `Standard machine of 3 Lambda tasks x ${fmt(r.executions)}`, (r) => r.transitionsPerSecond, fmt, '', undefined, 'tr/s'],
      ['machine', () => '  function environments (processes) at the peak', (r) => r.peakEnvironments, fmt, '', undefined, ''],
    ],
  },
};

async function measure(child, scenario, quick) {
  const args = [fileURLToPath(new URL(`./${child}`, import.meta.url)), scenario, ...(quick ? ['--quick'] : [])];
  try {
    const { stdout } = await run(process.execPath, args, { maxBuffer: 1 << 20 });
    return JSON.parse(stdout.trim().split('\n').at(-1));
  } catch (error) {
    return { error: (error.stderr || error.message).trim().split('\n').at(-1) };
  }
}

const meets = (value, op, target) => (op === '>=' ? value >= target : value <= target);

function printTable(name, rows) {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => row[c].length)));
  console.log(`\n${name}`);
  for (const row of rows) console.log(row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  '));
}

/** Runs one section's scenarios, prints its table and a JSON summary line; resolves false if any scenario failed. */
export async function benchSection(name, quick) {
  const section = SECTIONS[name];
  const results = {};
  for (const scenario of section.scenarios) results[scenario] = await measure(section.child, scenario, quick);
  const rows = [['measure', 'value', 'unit', 'target', 'met']];
  for (const [scenario, label, value, format, op, target, unit] of section.rows) {
    const result = results[scenario];
    if (result.error) {
      rows.push([`${scenario}: failed`, '-', unit, op ? `${op} ${fmt(target)}` : '', '']);
      continue;
    }
    const v = value(result);
    rows.push([label(result), format(v), unit, op ? `${op} ${fmt(target)}` : '', op ? (meets(v, op, target) ? 'yes' : 'NO') : '']);
  }
  printTable(`${name} (server.js = serve's wiring, SQLite fsync on; Node ${process.version}, ${quick ? 'QUICK' : 'full'} sizes)`, rows);
  for (const [scenario, result] of Object.entries(results)) if (result.error) console.log(`failed: ${name}/${scenario}: ${result.error}`);
  console.log(JSON.stringify({ bench: name, quick, node: process.version, ...results }));
  return Object.values(results).every((r) => !r.error);
}
