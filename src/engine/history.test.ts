import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { compileMachine } from '../asl/compile.js';
import type { RawStateMachine } from '../asl/definition.js';
import { executionInfo } from './engine.fixtures.js';
import { HISTORY_EVENT_LIMIT, HISTORY_LIMIT_CAUSE } from './history.js';
import { redriveExecution, startExecution, step } from './interpreter.js';
import type { EngineEnv, ExecutionInfo, StepResult } from './types.js';

const env = (): EngineEnv => ({ now: Date.parse('2026-01-01T00:00:00Z'), uuid: () => 'u', random: () => 0.5 });

const info = (type: ExecutionInfo['type']): ExecutionInfo => executionInfo(type, { count: 0 });

/**
 * Counts to `rounds` (Pass + Choice: 4 events a round), then Done (2 events) and the end: a
 * history of 1 + 4 × rounds + 3 events when nothing stops it.
 */
const counter = (rounds: number): RawStateMachine => ({
  StartAt: 'Inc',
  States: {
    Inc: { Type: 'Pass', Parameters: { 'count.$': 'States.MathAdd($.count, 1)' }, Next: 'Loop' },
    Loop: { Type: 'Choice', Choices: [{ Variable: '$.count', NumericLessThan: rounds, Next: 'Inc' }], Default: 'Done' },
    Done: { Type: 'Pass', End: true },
  },
});

async function run(def: RawStateMachine, type: ExecutionInfo['type'] = 'STANDARD'): Promise<StepResult> {
  return startExecution(compileMachine(def), info(type), env());
}

const ids = (r: StepResult) => r.events.map((e) => e.id);

describe('the execution history limit (AWS: 25,000 events)', () => {
  it('lets an execution whose 25,000th event is ExecutionSucceeded succeed', async () => {
    const r = await run(counter((HISTORY_EVENT_LIMIT - 4) / 4));
    assert.equal(r.snapshot.status, 'SUCCEEDED');
    assert.equal(r.events.length, HISTORY_EVENT_LIMIT);
    assert.equal(r.events.at(-1)?.type, 'ExecutionSucceeded');
  });

  it('fails one whose 25,000th event is anything else, with that event an ExecutionFailed and nothing after it', async () => {
    const r = await run(counter(HISTORY_EVENT_LIMIT));
    assert.equal(r.snapshot.status, 'FAILED');
    assert.deepEqual([r.snapshot.error, r.snapshot.cause], ['States.Runtime', HISTORY_LIMIT_CAUSE]);
    assert.equal(HISTORY_LIMIT_CAUSE, 'The execution reached the maximum number of history events (25000).');
    assert.deepEqual(ids(r), Array.from({ length: HISTORY_EVENT_LIMIT }, (_, i) => i + 1));
    // Round 6,250 enters Inc (24,998) and leaves it (24,999); entering Loop would have been the 25,000th.
    assert.deepEqual(r.events.at(-2)?.type, 'PassStateExited');
    assert.deepEqual(r.events.at(-1), {
      id: 25_000,
      previousEventId: 24_999,
      timestamp: '2026-01-01T00:00:00.000Z',
      type: 'ExecutionFailed',
      executionFailedEventDetails: { error: 'States.Runtime', cause: HISTORY_LIMIT_CAUSE },
    });
    assert.deepEqual(r.commands, []);
    assert.equal(r.snapshot.redrivePoint, undefined, 'a history that is full cannot be redriven');
    await assert.rejects(async () => redriveExecution(compileMachine(counter(HISTORY_EVENT_LIMIT)), r.snapshot, env()));
  });

  it('fails in place of a failure too, and counts the events of every step, across a task', async () => {
    // 6,248 rounds (24,993 events), Pad (2), then the Task: entered, scheduled, started (24,998).
    const def: RawStateMachine = {
      StartAt: 'Inc',
      States: {
        Inc: { Type: 'Pass', Parameters: { 'count.$': 'States.MathAdd($.count, 1)' }, Next: 'Loop' },
        Loop: { Type: 'Choice', Choices: [{ Variable: '$.count', NumericLessThan: 6_248, Next: 'Inc' }], Default: 'Pad' },
        Pad: { Type: 'Pass', Next: 'Call' },
        Call: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: 'f' }, End: true },
      },
    };
    const machine = compileMachine(def);
    const started = await startExecution(machine, info('STANDARD'), env());
    const scheduled = started.commands.find((c) => c.type === 'ScheduleTask');
    assert.ok(scheduled?.type === 'ScheduleTask');
    assert.equal(started.events.at(-1)?.id, 24_998);
    const failed = await step(machine, started.snapshot, { type: 'TaskFailed', taskId: scheduled.taskId, error: 'Boom', cause: 'c' }, env());
    // TaskFailed is 24,999; the ExecutionFailed the Task's failure would record is the 25,000th.
    assert.deepEqual(failed.events.map((e) => [e.id, e.type]), [[24_999, 'TaskFailed'], [25_000, 'ExecutionFailed']]);
    assert.deepEqual(failed.events[1].executionFailedEventDetails, { error: 'States.Runtime', cause: HISTORY_LIMIT_CAUSE });
  });

  it('does not apply to Express executions, which keep no history in AWS', async () => {
    const r = await run(counter(HISTORY_EVENT_LIMIT / 4), 'EXPRESS');
    assert.equal(r.snapshot.status, 'SUCCEEDED');
    assert.equal(r.events.length, HISTORY_EVENT_LIMIT + 4);
  });

  it('starts no work for an execution that failed at the limit in the middle of a step', async () => {
    // A Map whose iterations each schedule a task: the history fills while they are launched.
    const r = await run({
      StartAt: 'Inc',
      States: {
        Inc: { Type: 'Pass', Parameters: { 'count.$': 'States.MathAdd($.count, 1)', items: [1, 2, 3, 4, 5, 6, 7, 8] }, Next: 'Loop' },
        Loop: { Type: 'Choice', Choices: [{ Variable: '$.count', NumericLessThan: 6_245, Next: 'Inc' }], Default: 'Fan' },
        Fan: {
          Type: 'Map',
          ItemsPath: '$.items',
          ItemProcessor: { StartAt: 'Call', States: { Call: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: 'f' }, End: true } } },
          End: true,
        },
      },
    });
    assert.equal(r.snapshot.status, 'FAILED');
    assert.equal(r.events.at(-1)?.id, HISTORY_EVENT_LIMIT);
    assert.ok(r.events.some((e) => e.type === 'TaskScheduled' || e.type === 'LambdaFunctionScheduled'), 'some iterations got as far as their task');
    assert.deepEqual(r.commands, [], 'no task starts, and none needs cancelling');
  });
});
