/**
 * Crash safety: a short `npm run chaos` round (200 executions, 3 kill -9s of the durable server)
 * must lose nothing and repeat nothing; and the checker it relies on must catch what it claims to.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from './cli-helpers.js';

interface ChaosResult {
  executions: number;
  started: number;
  kills: number;
  restarts: number;
  recovered: number;
  statuses: Record<string, number>;
  lambdaScheduled: number;
  lambdaRetries: number;
  violations: number;
}

function chaos(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [join(repoRoot(), 'chaos', 'run.mjs'), ...args], { timeout: 120_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

test('chaos --quick: 200 executions through 3 kill -9s, every one ends once, as its logic says', async () => {
  const { code, stdout, stderr } = await chaos(['--quick', '--seed', '1', '--json']);
  assert.equal(code, 0, `${stdout}\n${stderr}`);
  const result = JSON.parse(stdout.trim().split('\n').at(-1)!) as ChaosResult;
  assert.equal(result.violations, 0);
  assert.equal(result.executions, 200);
  assert.equal(result.started, 200);
  assert.equal(result.kills, 3);
  assert.equal(result.restarts, 3);
  assert.ok(result.recovered > 0, 'some executions were running when a kill fell');
  assert.equal((result.statuses.SUCCEEDED ?? 0) + (result.statuses.FAILED ?? 0), 200);
  assert.ok(result.statuses.FAILED > 0, 'the caught, rejected orders fail');
  assert.ok(result.lambdaRetries > 0 && result.lambdaScheduled > 200, 'tasks failed and were retried');
  assert.match(stdout, /violations {3}0\n/);
});

test('chaos: bad arguments are refused with the usage', async () => {
  const { code, stderr } = await chaos(['--kills', 'many']);
  assert.equal(code, 2);
  assert.match(stderr, /bad argument '--kills'\nusage: node chaos\/run\.mjs/);
});

interface Plan {
  name: string;
  machine: string;
  input: { id: string };
  expected: { output: { attempts: number }; lambdaScheduled: number; entered: Record<string, number> };
}
type Event = { id: number; previousEventId: number; type: string; timestamp: number; stateEnteredEventDetails?: { name: string } };
type Check = (plan: Plan, described: Record<string, string>, events: Event[]) => string[];

/** A check-machine execution's history as the server would write it for its plan. */
function historyOf(plan: Plan): Event[] {
  const types: [string, string?][] = [['ExecutionStarted'], ['TaskStateEntered', 'Check']];
  for (let i = 1; i < plan.expected.lambdaScheduled; i++) types.push(['LambdaFunctionScheduled'], ['LambdaFunctionStarted'], ['LambdaFunctionFailed']);
  types.push(['LambdaFunctionScheduled'], ['LambdaFunctionStarted'], ['LambdaFunctionSucceeded'], ['TaskStateExited']);
  for (const state of Object.keys(plan.expected.entered).filter((s) => s !== 'Check')) {
    types.push([state === 'Route' ? 'ChoiceStateEntered' : state === 'Slow' ? 'WaitStateEntered' : 'PassStateEntered', state]);
  }
  types.push(['ExecutionSucceeded']);
  return types.map(([type, name], i) => ({
    id: i + 1,
    previousEventId: i,
    type,
    timestamp: 1_700_000_000 + i,
    ...(name && { stateEnteredEventDetails: { name } }),
  }));
}

test('chaos checker: a whole history passes; a lost, repeated or misnumbered event, or a wrong ending, does not', async () => {
  const verify = (await import(pathToFileURL(join(repoRoot(), 'chaos', 'verify.mjs')).href)) as { checkExecution: Check };
  const plans = (await import(pathToFileURL(join(repoRoot(), 'chaos', 'plan.mjs')).href)) as {
    planExecutions(count: number, seed: number, rand: () => number): Plan[];
    random(seed: number): () => number;
  };
  const plan = plans.planExecutions(40, 5, plans.random(5)).find((p) => p.machine === 'chaos-check' && p.expected.lambdaScheduled > 1)!;
  const described = { status: 'SUCCEEDED', output: JSON.stringify(plan.expected.output) };
  const events = historyOf(plan);
  const renumber = (list: Event[]) => list.map((e, i) => ({ ...e, id: i + 1, previousEventId: i }));

  assert.deepEqual(verify.checkExecution(plan, described, events), []);
  assert.match(verify.checkExecution(plan, described, [...events.slice(0, 3), events[2], ...events.slice(3)]).join('\n'), /ids are not 1\.\.n/);
  assert.match(verify.checkExecution(plan, described, renumber([...events.slice(0, 2), events[1], ...events.slice(2)])).join('\n'), /states entered \{"Check":2/);
  assert.match(verify.checkExecution(plan, described, renumber(events.filter((e) => e !== events.find((x) => x.type === 'LambdaFunctionScheduled')))).join('\n'), /LambdaFunctionScheduled, expected/);
  assert.match(verify.checkExecution(plan, described, events.slice(0, -1)).join('\n'), /0 terminal events/);
  assert.match(verify.checkExecution(plan, described, renumber([...events, { ...events.at(-1)!, type: 'ExecutionFailed' }])).join('\n'), /2 terminal events/);
  assert.match(verify.checkExecution(plan, { ...described, output: '{"id":"x"}' }, events).join('\n'), /output \{"id":"x"\}, expected/);
  assert.match(verify.checkExecution(plan, { status: 'FAILED' }, events).join('\n'), /status FAILED/);
});
