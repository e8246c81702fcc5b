// `npm run chaos`: thousands of Standard executions on a durable server that is kill -9'd again
// and again, then every execution held to what its logic dictates. Exits 1 on any violation.
// Usage: node chaos/run.mjs [--quick] [--executions N] [--kills K] [--seed S] [--json] [--keep]
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Api, pool, sleep } from './api.mjs';
import { ACTIVITY, APPROVE_TIMEOUT_RETRIES, MACHINES, ROLE, planExecutions, random } from './plan.mjs';
import { ChaosServer, environmentsUnder } from './server.mjs';
import { checkExecution, figuresOf } from './verify.mjs';
import { runKiller, runWorkers, startAll } from './workload.mjs';

const BIN = fileURLToPath(new URL('../bin/stepwise.js', import.meta.url));
const FUNCTIONS = fileURLToPath(new URL('./functions/', import.meta.url));
const USAGE = 'usage: node chaos/run.mjs [--quick] [--executions N] [--kills K] [--seed S] [--min-uptime MS] [--max-uptime MS] [--deadline S] [--json] [--keep]';

function parseArgs(argv) {
  const flags = new Set(['--quick', '--json', '--keep']);
  const values = {};
  for (let i = 0; i < argv.length; i++) {
    if (flags.has(argv[i])) values[argv[i]] = true;
    else if (/^--(executions|kills|seed|min-uptime|max-uptime|deadline)$/.test(argv[i]) && /^\d+$/.test(argv[i + 1] ?? '')) values[argv[i]] = Number(argv[++i]);
    else throw new Error(`bad argument '${argv[i]}'\n${USAGE}`);
  }
  const quick = values['--quick'] === true;
  const options = {
    executions: values['--executions'] ?? (quick ? 200 : 2000),
    kills: values['--kills'] ?? (quick ? 3 : 25),
    seed: values['--seed'] ?? Math.floor(Math.random() * 1e6),
    minUptimeMs: values['--min-uptime'] ?? 200,
    maxUptimeMs: values['--max-uptime'] ?? 1500,
    deadlineS: values['--deadline'] ?? 300,
    json: values['--json'] === true,
    keep: values['--keep'] === true,
  };
  if (options.maxUptimeMs < options.minUptimeMs) throw new Error(`--max-uptime is below --min-uptime\n${USAGE}`);
  return options;
}

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

async function setUp(api) {
  await api.persist('CreateActivity', { name: ACTIVITY });
  const arns = {};
  for (const [name, definition] of Object.entries(MACHINES)) {
    const { stateMachineArn } = await api.persist('CreateStateMachine', { name, definition: JSON.stringify(definition), roleArn: ROLE });
    arns[name] = stateMachineArn;
  }
  return arns;
}

/** Polls until no execution runs; resolves with how many still do at the deadline. */
async function drain(api, arns, deadline) {
  for (;;) {
    let running = 0;
    for (const stateMachineArn of Object.values(arns)) {
      running += (await api.all('ListExecutions', { stateMachineArn, statusFilter: 'RUNNING' }, 'executions')).length;
    }
    if (running === 0 || Date.now() > deadline) return running;
    await sleep(250);
  }
}

async function verify(api, arns, plans, killTimes) {
  const violations = [];
  const totals = { statuses: {}, lambdaScheduled: 0, flakyErrors: 0, infraErrors: 0, activityTimedOut: 0, mostActivityAttempts: 0, recovered: 0 };
  const listed = new Set();
  for (const stateMachineArn of Object.values(arns)) {
    for (const e of await api.all('ListExecutions', { stateMachineArn }, 'executions')) listed.add(e.name);
  }
  const planned = new Set(plans.map((p) => p.name));
  for (const name of listed) if (!planned.has(name)) violations.push(`${name}: listed, but never started`);
  await pool(plans, 16, async (plan) => {
    if (!listed.has(plan.name)) violations.push(`${plan.name}: lost (not in ListExecutions)`);
    const executionArn = arns[plan.machine].replace(':stateMachine:', ':execution:') + `:${plan.name}`;
    let described;
    try {
      described = await api.persist('DescribeExecution', { executionArn });
    } catch (e) {
      violations.push(`${plan.name}: DescribeExecution answered ${e.message}`);
      return;
    }
    const events = await api.all('GetExecutionHistory', { executionArn }, 'events');
    for (const problem of checkExecution(plan, described, events)) violations.push(`${plan.name}: ${problem}`);
    totals.statuses[described.status] = (totals.statuses[described.status] ?? 0) + 1;
    const f = figuresOf(events, killTimes);
    totals.lambdaScheduled += f.lambdaScheduled;
    totals.flakyErrors += f.flakyErrors;
    totals.infraErrors += f.infraErrors;
    totals.activityTimedOut += f.activityTimedOut;
    totals.mostActivityAttempts = Math.max(totals.mostActivityAttempts, f.activityScheduled);
    if (f.crashesLived > 0) totals.recovered++;
  });
  return { violations, totals };
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const wallStart = performance.now();
  const work = await mkdtemp(join(tmpdir(), 'stepwise-chaos-'));
  const server = new ChaosServer({ bin: BIN, dataDir: join(work, 'data'), functionsDir: FUNCTIONS, logDir: work });
  const rand = random(options.seed);
  const plans = planExecutions(options.executions, options.seed, rand);
  const workers = new AbortController();
  // Interrupted (Ctrl-C, a test's timeout): the server goes with us, not on as an orphan.
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, () => void server.stop().finally(() => process.exit(130)));
  }
  let figures;
  try {
    figures = await assail(server, plans, workers, options, rand);
  } finally {
    workers.abort();
    await server.stop();
  }
  const { starts, killer, activity, checked, stillRunning, api } = figures;
  const orphans = await orphansOf(work);
  const violations = [
    ...starts.problems,
    ...activity.problems,
    ...server.unexpectedExits,
    ...api.serverErrors.map((e) => `HTTP 5xx: ${e}`),
    ...(stillRunning > 0 ? [`${stillRunning} executions still RUNNING ${options.deadlineS} s after the last restart`] : []),
    ...(orphans.length > 0 ? [`${orphans.length} Lambda environments outlived their server (pids ${orphans.join(' ')}; killed now)`] : []),
    ...checked.violations,
  ];
  const result = {
    seed: options.seed,
    executions: plans.length,
    started: starts.started,
    startsResent: starts.resent,
    startsAlreadyThere: starts.alreadyThere,
    kills: killer.kills,
    restarts: killer.restarts,
    recovered: checked.totals.recovered,
    statuses: checked.totals.statuses,
    lambdaScheduled: checked.totals.lambdaScheduled,
    lambdaRetries: checked.totals.flakyErrors,
    lambdaInfraRetries: checked.totals.infraErrors,
    activityTasks: activity.tasks,
    activityAnswersResent: activity.resent,
    activityAnswersLate: activity.late,
    activityTimeouts: checked.totals.activityTimedOut,
    mostActivityAttempts: checked.totals.mostActivityAttempts,
    recoveryMedianMs: Math.round(median(killer.recoveryMs)),
    recoveryMaxMs: Math.round(Math.max(0, ...killer.recoveryMs)),
    serverErrorLines: server.errorLines.length,
    violations: violations.length,
    wallMs: Math.round(performance.now() - wallStart),
    chaosMs: Math.round(figures.chaosMs),
    drainMs: Math.round(figures.drainMs),
    verifyMs: Math.round(figures.verifyMs),
  };
  report(result, violations, server.errorSummary(), work, options);
  if (result.violations === 0 && !options.keep) await rm(work, { recursive: true, force: true });
  return result.violations === 0 ? 0 : 1;
}

/** The run itself: set up, start everything under the killer's fire, wait for the end, check. */
async function assail(server, plans, workers, options, rand) {
  await server.start();
  const api = new Api(server.url);
  const arns = await setUp(api);
  const working = runWorkers(api, 16, workers.signal);

  // Starts spread over the time the kills take, so crashes fall on executions at every stage.
  const meanUptimeS = (options.minUptimeMs + options.maxUptimeMs) / 2000;
  const rate = Math.max(20, options.executions / Math.max(1, options.kills * meanUptimeS));
  const killStart = performance.now();
  const [starts, killer] = await Promise.all([
    startAll(api, plans, arns, { rate, concurrency: 32 }),
    runKiller(server, { kills: options.kills, minMs: options.minUptimeMs, maxMs: options.maxUptimeMs, rand }),
  ]);
  const chaosMs = performance.now() - killStart;

  const drainStart = performance.now();
  const stillRunning = await drain(api, arns, Date.now() + options.deadlineS * 1000);
  const drainMs = performance.now() - drainStart;

  const verifyStart = performance.now();
  const checked = await verify(api, arns, plans, killer.killTimes);
  const verifyMs = performance.now() - verifyStart;
  workers.abort();
  const activity = await working;
  return { api, starts, killer, activity, checked, stillRunning, chaosMs, drainMs, verifyMs };
}

/** Environments of killed servers must have exited: after a grace period, any left are killed and returned. */
async function orphansOf(work) {
  for (let i = 0; i < 30; i++) {
    if ((await environmentsUnder(work)).length === 0) return [];
    await sleep(100);
  }
  const left = await environmentsUnder(work);
  for (const pid of left) process.kill(pid, 'SIGKILL');
  return left;
}

function report(r, violations, errors, work, options) {
  const lines = [
    `chaos: ${r.executions} executions, ${r.kills} kills (kill -9), ${r.restarts} restarts, seed ${r.seed}`,
    `  started      ${r.started} (sent again after a crash: ${r.startsResent}, of which already there: ${r.startsAlreadyThere})`,
    `  recovered    ${r.recovered} executions were running when a kill fell`,
    `  ended        ${Object.entries(r.statuses).map(([s, n]) => `${s} ${n}`).join(', ')}`,
    `  lambda       ${r.lambdaScheduled} scheduled, ${r.lambdaRetries} FlakyErrors retried, ${r.lambdaInfraRetries} Lambda failures (cold start too slow, throttle) retried`,
    `  activity     ${r.activityTasks} tasks handed out, ${r.activityAnswersResent} answers sent again, ${r.activityAnswersLate} late, ${r.activityTimeouts} timed out (at most ${r.mostActivityAttempts} attempts of ${1 + APPROVE_TIMEOUT_RETRIES})`,
    `  restart      kill -9 to healthy: median ${r.recoveryMedianMs} ms, max ${r.recoveryMaxMs} ms`,
    `  wall time    ${seconds(r.wallMs)} (under fire ${seconds(r.chaosMs)}, draining ${seconds(r.drainMs)}, verifying ${seconds(r.verifyMs)})`,
    `  violations   ${r.violations}`,
  ];
  for (const v of violations.slice(0, 20)) lines.push(`    ${v}`);
  if (violations.length > 20) lines.push(`    … and ${violations.length - 20} more`);
  if (errors.length > 0) lines.push(`  server stderr reported failures:`, ...errors.slice(0, 8).map((l) => `    ${l}`));
  if (r.violations > 0 || options.keep) lines.push(`  data dir and server logs kept in ${work}`);
  process.stdout.write(lines.join('\n') + '\n');
  if (options.json) process.stdout.write(JSON.stringify(r) + '\n');
}

main().then(
  (code) => (process.exitCode = code),
  (e) => {
    process.stderr.write(`chaos: ${e instanceof Error ? e.message : String(e)}\n`);
    // The starter and workers would go on retrying against a server that is gone.
    process.exit(2);
  },
);
