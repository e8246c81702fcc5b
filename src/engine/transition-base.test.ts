import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { compileMachine } from '../asl/compile.js';
import type { RawStateMachine } from '../asl/definition.js';
import { startExecution, step } from './interpreter.js';
import { executionInfo } from './engine.fixtures.js';
import type { EngineEnv } from './types.js';

const env = (): EngineEnv => ({ now: Date.parse('2026-01-01T00:00:00Z'), uuid: () => 'u', random: () => 0.5 });

const info = executionInfo();

const task = { Type: 'Task' as const, Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: 'f' }, TimeoutSeconds: 60, End: true };

/** A Parallel whose first branch schedules a task (and its timeout timer) before the second fails. */
const parallel = (extra: object): RawStateMachine => ({
  StartAt: 'P',
  States: {
    P: {
      Type: 'Parallel',
      Branches: [
        { StartAt: 'T', States: { T: task } },
        { StartAt: 'F', States: { F: { Type: 'Fail', Error: 'Broken' } } },
      ],
      ...extra,
    },
    Recovered: { Type: 'Pass', End: true },
  },
});

describe('the work a step starts', () => {
  it('leaves out a task (and its timer) that the same step cancels, when its execution fails', async () => {
    const r = await startExecution(compileMachine(parallel({ End: true })), info, env());
    assert.equal(r.snapshot.status, 'FAILED');
    assert.ok(r.events.some((e) => e.type === 'TaskScheduled'), 'the task was scheduled, as AWS records');
    assert.deepEqual(r.commands, []);
  });

  it('leaves it out just the same when the failure is caught and the execution goes on', async () => {
    const r = await startExecution(compileMachine(parallel({ Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Recovered' }], Next: 'Recovered' })), info, env());
    assert.equal(r.snapshot.status, 'SUCCEEDED');
    assert.deepEqual(r.commands, []);
  });

  it('cancels the work of earlier steps, and starts the work nothing cancels', async () => {
    const machine = compileMachine({ StartAt: 'T', States: { T: task } });
    const started = await startExecution(machine, info, env());
    assert.deepEqual(started.commands.map((c) => c.type).sort(), ['ScheduleTask', 'StartTimer']);
    const stopped = await step(machine, started.snapshot, { type: 'StopExecution', error: 'Halt' }, env());
    assert.deepEqual(stopped.commands.map((c) => c.type).sort(), ['CancelTask', 'CancelTimer']);
  });
});
