import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { compileMachine } from '../asl/compile.js';
import type { RawStateMachine } from '../asl/definition.js';
import { executionInfo } from './engine.fixtures.js';
import { startExecution, step } from './interpreter.js';
import type { Command, EngineEnv, EngineEvent, ExecutionSnapshot, StepResult } from './types.js';

const T0 = Date.parse('2026-01-01T00:00:00Z');

/** A deterministic env; every test drives the engine with it, as a runner would. */
function env(now = T0): EngineEnv {
  let n = 0;
  return { now, uuid: () => `uuid-${++n}`, random: () => 0.5 };
}

const info = executionInfo();

/** Snapshots must survive a store: every step gets a JSON round-tripped copy. */
const roundTrip = (s: ExecutionSnapshot): ExecutionSnapshot => JSON.parse(JSON.stringify(s));

async function start(def: RawStateMachine, input: unknown = {}): Promise<{ machine: ReturnType<typeof compileMachine>; r: StepResult }> {
  const machine = compileMachine(def);
  const r = await startExecution(machine, { ...info, input }, env());
  return { machine, r };
}

const types = (r: StepResult) => r.events.map((e) => e.type);
const commandsOf = <K extends Command['type']>(r: StepResult, type: K) =>
  r.commands.filter((c): c is Extract<Command, { type: K }> => c.type === type);

async function feed(machine: ReturnType<typeof compileMachine>, r: StepResult, event: EngineEvent, now = T0): Promise<StepResult> {
  return step(machine, roundTrip(r.snapshot), event, env(now));
}

describe('interpreter', () => {
  it('runs a Pass chain to the end in one step, with AWS history events', async () => {
    const { r } = await start(
      { StartAt: 'A', States: { A: { Type: 'Pass', Result: 1, ResultPath: '$.a', Next: 'B' }, B: { Type: 'Succeed' } } },
      { x: 0 },
    );
    assert.equal(r.snapshot.status, 'SUCCEEDED');
    assert.deepEqual(r.snapshot.output, { x: 0, a: 1 });
    assert.deepEqual(types(r), [
      'ExecutionStarted', 'PassStateEntered', 'PassStateExited', 'SucceedStateEntered', 'SucceedStateExited', 'ExecutionSucceeded',
    ]);
    assert.deepEqual(r.events.map((e) => e.id), [1, 2, 3, 4, 5, 6]);
    assert.deepEqual(r.events[2].stateExitedEventDetails, { name: 'A', output: { x: 0, a: 1 }, outputDetails: { truncated: false } });
  });

  it('schedules a Task, waits, and completes it from a TaskSucceeded event', async () => {
    const { machine, r } = await start({
      StartAt: 'T',
      States: { T: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:1:function:f', Parameters: { 'v.$': '$.v' }, ResultSelector: { 'r.$': '$.out' }, ResultPath: '$.res', End: true } },
    }, { v: 7 });
    assert.equal(r.snapshot.status, 'RUNNING');
    const [task] = commandsOf(r, 'ScheduleTask');
    assert.deepEqual(task.input, { v: 7 });
    assert.deepEqual(types(r).slice(-2), ['LambdaFunctionScheduled', 'LambdaFunctionStarted']);
    const done = await feed(machine, r, { type: 'TaskSucceeded', taskId: task.taskId, output: { out: 8 } });
    assert.equal(done.snapshot.status, 'SUCCEEDED');
    assert.deepEqual(done.snapshot.output, { v: 7, res: { r: 8 } });
    assert.deepEqual(types(done), ['LambdaFunctionSucceeded', 'TaskStateExited', 'ExecutionSucceeded']);
  });

  it('retries with backoff as timers, then catches into the handler state', async () => {
    const { machine, r } = await start({
      StartAt: 'T',
      States: {
        T: {
          Type: 'Task', Resource: 'arn:aws:states:::my:thing',
          Retry: [{ ErrorEquals: ['Boom'], IntervalSeconds: 2, BackoffRate: 3, MaxAttempts: 2 }],
          Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.err', Next: 'H' }],
          End: true,
        },
        H: { Type: 'Pass', End: true },
      },
    }, { a: 1 });
    let cur = r;
    const delays: number[] = [];
    for (let attempt = 0; attempt < 3; attempt++) {
      const [task] = commandsOf(cur, 'ScheduleTask');
      assert.equal(task.retryCount, attempt);
      cur = await feed(machine, cur, { type: 'TaskFailed', taskId: task.taskId, error: 'Boom', cause: 'bad' });
      const timers = commandsOf(cur, 'StartTimer');
      if (attempt < 2) {
        delays.push(timers[0].fireAt - T0);
        cur = await feed(machine, cur, { type: 'TimerFired', timerId: timers[0].timerId });
      }
    }
    assert.deepEqual(delays, [2000, 6000]);
    assert.equal(cur.snapshot.status, 'SUCCEEDED');
    assert.deepEqual(cur.snapshot.output, { a: 1, err: { Error: 'Boom', Cause: 'bad' } });
  });

  it('fails the execution with the task error when nothing catches it', async () => {
    const { machine, r } = await start({ StartAt: 'T', States: { T: { Type: 'Task', Resource: 'arn:aws:states:::x:y', End: true } } });
    const [task] = commandsOf(r, 'ScheduleTask');
    const done = await feed(machine, r, { type: 'TaskFailed', taskId: task.taskId, error: 'E', cause: 'C' });
    assert.equal(done.snapshot.status, 'FAILED');
    assert.deepEqual([done.snapshot.error, done.snapshot.cause], ['E', 'C']);
    assert.deepEqual(types(done), ['TaskFailed', 'ExecutionFailed']);
  });

  it('times a Task out with States.Timeout and ignores its late result', async () => {
    const { machine, r } = await start({ StartAt: 'T', States: { T: { Type: 'Task', Resource: 'arn:aws:states:::x:y', TimeoutSeconds: 5, End: true } } });
    const [task] = commandsOf(r, 'ScheduleTask');
    const [timer] = commandsOf(r, 'StartTimer');
    assert.equal(timer.fireAt, T0 + 5000);
    const timedOut = await feed(machine, r, { type: 'TimerFired', timerId: timer.timerId });
    assert.equal(timedOut.snapshot.status, 'FAILED');
    assert.equal(timedOut.snapshot.error, 'States.Timeout');
    assert.ok(commandsOf(timedOut, 'CancelTask').some((c) => c.taskId === task.taskId));
    const late = await feed(machine, timedOut, { type: 'TaskSucceeded', taskId: task.taskId, output: 1 });
    assert.deepEqual(late.events, []);
  });

  it('waits on a timer row, not a sleep', async () => {
    const { machine, r } = await start({ StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 30, End: true } } }, { k: 1 });
    const [timer] = commandsOf(r, 'StartTimer');
    assert.equal(timer.fireAt, T0 + 30_000);
    const done = await feed(machine, r, { type: 'TimerFired', timerId: timer.timerId }, T0 + 30_000);
    assert.equal(done.snapshot.status, 'SUCCEEDED');
    assert.deepEqual(done.snapshot.output, { k: 1 });
  });

  it('runs Map iterations no more than MaxConcurrency at a time', async () => {
    const { machine, r } = await start({
      StartAt: 'M',
      States: {
        M: {
          Type: 'Map', MaxConcurrency: 2, ItemsPath: '$.items',
          ItemProcessor: { StartAt: 'T', States: { T: { Type: 'Task', Resource: 'arn:aws:states:::x:y', End: true } } },
          End: true,
        },
      },
    }, { items: [1, 2, 3] });
    let cur = r;
    let pending = commandsOf(cur, 'ScheduleTask');
    assert.deepEqual(pending.map((c) => c.input), [1, 2]);
    const seen: unknown[] = [];
    while (pending.length > 0) {
      const [first, ...rest] = pending;
      seen.push(first.input);
      cur = await feed(machine, cur, { type: 'TaskSucceeded', taskId: first.taskId, output: (first.input as number) * 10 });
      pending = [...rest, ...commandsOf(cur, 'ScheduleTask')];
      assert.ok(pending.length <= 2);
    }
    assert.deepEqual(seen, [1, 2, 3]);
    assert.equal(cur.snapshot.status, 'SUCCEEDED');
    assert.deepEqual(cur.snapshot.output, [10, 20, 30]);
  });

  it('fails a Parallel state when a branch fails, cancelling the other branches', async () => {
    const { machine, r } = await start({
      StartAt: 'P',
      States: {
        P: {
          Type: 'Parallel',
          Branches: [
            { StartAt: 'A', States: { A: { Type: 'Task', Resource: 'arn:aws:states:::x:a', End: true } } },
            { StartAt: 'B', States: { B: { Type: 'Task', Resource: 'arn:aws:states:::x:b', End: true } } },
          ],
          End: true,
        },
      },
    });
    const [a, b] = commandsOf(r, 'ScheduleTask');
    const done = await feed(machine, r, { type: 'TaskFailed', taskId: a.taskId, error: 'E', cause: 'C' });
    assert.equal(done.snapshot.status, 'FAILED');
    assert.equal(done.snapshot.error, 'E');
    assert.ok(commandsOf(done, 'CancelTask').some((c) => c.taskId === b.taskId));
    assert.ok(types(done).includes('ParallelStateFailed'));
  });

  it('stops on StopExecution and on the execution timeout', async () => {
    const def: RawStateMachine = { StartAt: 'W', TimeoutSeconds: 10, States: { W: { Type: 'Wait', Seconds: 60, End: true } } };
    const { machine, r } = await start(def);
    const stopped = await feed(machine, r, { type: 'StopExecution', error: 'Why', cause: 'because' });
    assert.equal(stopped.snapshot.status, 'ABORTED');
    assert.deepEqual(types(stopped), ['ExecutionAborted']);
    const timer = commandsOf(r, 'StartTimer').find((t) => t.fireAt === T0 + 10_000)!;
    const timedOut = await feed(machine, r, { type: 'TimerFired', timerId: timer.timerId });
    assert.equal(timedOut.snapshot.status, 'TIMED_OUT');
  });

  it('reports States.NoChoiceMatched and Fail states with their error and cause', async () => {
    const { r } = await start({
      StartAt: 'C',
      States: { C: { Type: 'Choice', Choices: [{ Variable: '$.n', NumericEquals: 1, Next: 'X' }] }, X: { Type: 'Succeed' } },
    }, { n: 2 });
    assert.equal(r.snapshot.error, 'States.NoChoiceMatched');
    const failed = await start({ StartAt: 'F', States: { F: { Type: 'Fail', ErrorPath: '$.e', Cause: 'c' } } }, { e: 'Mine' });
    assert.deepEqual([failed.r.snapshot.status, failed.r.snapshot.error, failed.r.snapshot.cause], ['FAILED', 'Mine', 'c']);
    assert.deepEqual(types(failed.r), ['ExecutionStarted', 'FailStateEntered', 'ExecutionFailed']);
  });

  it('prefixes evaluation errors with the state and the event that entered it', async () => {
    const { r } = await start({ StartAt: 'P', States: { P: { Type: 'Pass', InputPath: '$.missing', End: true } } });
    assert.equal(r.snapshot.error, 'States.Runtime');
    assert.equal(
      r.snapshot.cause,
      "An error occurred while executing the state 'P' (entered at the event id #2). Invalid path '$.missing' : No results for path: $['missing']",
    );
  });

  it('scopes variables: Map iterations see outer variables, their assignments stay inside', async () => {
    const { r } = await start({
      StartAt: 'A',
      States: {
        A: { Type: 'Pass', Assign: { x: 1 }, Next: 'M' },
        M: {
          Type: 'Map', ItemsPath: '$.items',
          ItemProcessor: { StartAt: 'I', States: { I: { Type: 'Pass', Assign: { inner: 2 }, Parameters: { 'x.$': '$x' }, End: true } } },
          Next: 'B',
        },
        B: { Type: 'Pass', Parameters: { 'x.$': '$x' }, End: true },
      },
    }, { items: [0] });
    assert.equal(r.snapshot.status, 'SUCCEEDED');
    assert.deepEqual(r.snapshot.output, { x: 1 });
  });
});
