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
  input: { id: string; slow: boolean };
  expected: { output: unknown; tasks: { key: string; failures: number }[]; entered: Record<string, number> };
}
type Event = { id: number; previousEventId: number; type: string; timestamp: number; [details: string]: unknown };
type Check = (plan: Plan, described: Record<string, string>, events: Event[]) => string[];

/** A check-machine execution's history as the server writes it for its plan. */
function historyOf(plan: Plan): Event[] {
  const { key, failures } = plan.expected.tasks[0];
  const attempt = (retry: number): [string, object?][] => [
    ['LambdaFunctionScheduled', { lambdaFunctionScheduledEventDetails: { input: JSON.stringify({ key, retry, slow: plan.input.slow }) } }],
    ['LambdaFunctionStarted'],
  ];
  const types: [string, object?][] = [['ExecutionStarted'], ['TaskStateEntered', { stateEnteredEventDetails: { name: 'Check' } }]];
  for (let retry = 0; retry < failures; retry++) types.push(...attempt(retry), ['LambdaFunctionFailed', { lambdaFunctionFailedEventDetails: { error: 'FlakyError' } }]);
  types.push(...attempt(failures), ['LambdaFunctionSucceeded'], ['TaskStateExited']);
  for (const state of Object.keys(plan.expected.entered).filter((s) => s !== 'Check')) {
    const type = state === 'Route' ? 'ChoiceStateEntered' : state === 'Slow' ? 'WaitStateEntered' : 'PassStateEntered';
    types.push([type, { stateEnteredEventDetails: { name: state } }]);
  }
  types.push(['ExecutionSucceeded']);
  return types.map(([type, details], i) => ({ id: i + 1, previousEventId: i, type, timestamp: 1_700_000_000 + i, ...details }));
}

test('chaos checker: a whole history passes; a lost, repeated or misnumbered event, or a wrong ending, does not', async () => {
  const verify = (await import(pathToFileURL(join(repoRoot(), 'chaos', 'verify.mjs')).href)) as { checkExecution: Check };
  const plans = (await import(pathToFileURL(join(repoRoot(), 'chaos', 'plan.mjs')).href)) as {
    planExecutions(count: number, seed: number, rand: () => number): Plan[];
    random(seed: number): () => number;
  };
  const plan = plans.planExecutions(40, 5, plans.random(5)).find((p) => p.machine === 'chaos-check' && p.expected.tasks[0].failures > 0)!;
  const described = { status: 'SUCCEEDED', output: JSON.stringify(plan.expected.output) };
  const events = historyOf(plan);
  const problems = (list: Event[], answer: Record<string, string> = described) => verify.checkExecution(plan, answer, list).join('\n');
  const renumber = (list: Event[]) => list.map((e, i) => ({ ...e, id: i + 1, previousEventId: i }));
  const firstAttempt = events.slice(2, 5);

  assert.equal(problems(events), '');
  assert.match(problems([...events.slice(0, 3), events[2], ...events.slice(3)]), /ids are not 1\.\.n/);
  assert.match(problems(renumber([...events.slice(0, 2), events[1], ...events.slice(2)])), /states entered \{"Check":2/);
  assert.match(problems(renumber([...events.slice(0, 5), ...firstAttempt, ...events.slice(5)])), /RetryCount 0,0,.*once each/);
  assert.match(problems(renumber([...events.slice(0, 2), ...events.slice(5)])), /\d FlakyErrors, expected [12] \(with 0 Lambda failures\)/);
  assert.match(problems(renumber(events.filter((e) => e.type !== 'LambdaFunctionSucceeded'))), /LambdaFunctionScheduled, but 0 succeeded/);
  assert.match(problems(events.slice(0, -1)), /0 terminal events/);
  assert.match(problems(renumber([...events, { ...events.at(-1)!, type: 'ExecutionFailed' }])), /2 terminal events/);
  assert.match(problems(events, { ...described, output: '{"id":"x"}' }), /output \{"id":"x"\}, expected/);
  assert.match(problems(events, { status: 'FAILED' }), /status FAILED/);
});
