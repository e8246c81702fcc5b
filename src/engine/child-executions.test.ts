import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { compileMachine } from '../asl/compile.js';
import type { RawStateMachine } from '../asl/definition.js';
import { childExecutionName } from './child-names.js';
import { executionInfo } from './engine.fixtures.js';
import { startExecution, step } from './interpreter.js';
import type { EngineEnv, ExecutionSnapshot, StepResult } from './types.js';

const T0 = Date.parse('2026-01-01T00:00:00Z');

function env(): EngineEnv {
  let n = 0;
  return { now: T0, uuid: () => `uuid-${++n}`, random: () => 0.5 };
}

const roundTrip = (s: ExecutionSnapshot): ExecutionSnapshot => JSON.parse(JSON.stringify(s));

const distributed = (processor: RawStateMachine['States'], startAt: string, extra: Record<string, unknown> = {}): RawStateMachine => ({
  StartAt: 'M',
  States: {
    M: {
      Type: 'Map',
      Label: 'Batch',
      ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' }, StartAt: startAt, States: processor },
      End: true,
      ...extra,
    },
  },
});

const types = (events: { type: string }[]) => events.map((e) => e.type);

describe('Distributed Map child executions', () => {
  it('gives each iteration an execution of its own, with its own history numbered from 1', async () => {
    const info = executionInfo();
    const r = await startExecution(compileMachine(distributed({ P: { Type: 'Pass', End: true } }, 'P')), { ...info, input: [10, 20] }, env());
    assert.equal(r.snapshot.status, 'SUCCEEDED');
    assert.deepEqual(r.snapshot.output, [10, 20]);
    const children = r.children ?? [];
    assert.equal(children.length, 2);
    const mapRunArn = r.events.find((e) => e.type === 'MapRunStarted')!.mapRunStartedEventDetails as { mapRunArn: string };
    const machineArn = `${info.stateMachineArn}/Batch`;
    for (const [i, child] of children.entries()) {
      assert.equal(child.executionArn, `${machineArn.replace(':stateMachine:', ':execution:')}:${childExecutionName(mapRunArn.mapRunArn, i)}`);
      assert.equal(child.started?.name, childExecutionName(mapRunArn.mapRunArn, i));
      assert.equal(child.started?.stateMachineArn, machineArn);
      assert.equal(child.started?.mapRunArn, mapRunArn.mapRunArn);
      assert.equal(child.started?.input, [10, 20][i]);
      assert.deepEqual(child.ended && { status: child.ended.status, output: child.ended.output }, { status: 'SUCCEEDED', output: [10, 20][i] });
      assert.deepEqual(types(child.events), ['ExecutionStarted', 'PassStateEntered', 'PassStateExited', 'ExecutionSucceeded']);
      assert.deepEqual(child.events.map((e) => [e.id, e.previousEventId]), [[1, 0], [2, 1], [3, 2], [4, 3]]);
      assert.deepEqual(child.events[0].executionStartedEventDetails, { input: [10, 20][i], inputDetails: { truncated: false }, roleArn: info.roleArn });
    }
    // None of the children's events is the parent's.
    assert.deepEqual(types(r.events), ['ExecutionStarted', 'MapStateEntered', 'MapStateStarted', 'MapRunStarted', 'MapRunSucceeded', 'MapStateSucceeded', 'MapStateExited', 'ExecutionSucceeded']);
  });

  it('numbers the events of a Parallel inside a child in the child history, and records a failed child', async () => {
    const processor: RawStateMachine['States'] = {
      Par: { Type: 'Parallel', Branches: [{ StartAt: 'A', States: { A: { Type: 'Pass', End: true } } }], Next: 'F' },
      F: { Type: 'Fail', Error: 'Boom', Cause: 'no' },
    };
    const r = await startExecution(compileMachine(distributed(processor, 'Par')), { ...executionInfo(), input: [1] }, env());
    assert.equal(r.snapshot.status, 'FAILED');
    const [child] = r.children!;
    assert.deepEqual(types(child.events), [
      'ExecutionStarted', 'ParallelStateEntered', 'ParallelStateStarted', 'PassStateEntered', 'PassStateExited',
      'ParallelStateSucceeded', 'ParallelStateExited', 'FailStateEntered', 'ExecutionFailed',
    ]);
    assert.deepEqual(child.events.map((e) => e.id), [1, 2, 3, 4, 5, 6, 7, 8, 9]);
    assert.deepEqual(child.ended && { status: child.ended.status, error: child.ended.error, cause: child.ended.cause }, { status: 'FAILED', error: 'Boom', cause: 'no' });
    assert.deepEqual(child.events.at(-1)!.executionFailedEventDetails, { error: 'Boom', cause: 'no' });
  });

  it('aborts the children still running when the parent is stopped, in a later step of a round-tripped snapshot', async () => {
    const machine = compileMachine(distributed({ W: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:f', End: true } }, 'W'));
    const first: StepResult = await startExecution(machine, { ...executionInfo(), input: [1, 2] }, env());
    assert.deepEqual(first.children?.map((c) => types(c.events)), [
      ['ExecutionStarted', 'TaskStateEntered', 'LambdaFunctionScheduled', 'LambdaFunctionStarted'],
      ['ExecutionStarted', 'TaskStateEntered', 'LambdaFunctionScheduled', 'LambdaFunctionStarted'],
    ]);
    const [task] = first.commands.filter((c) => c.type === 'ScheduleTask');
    const second = await step(machine, roundTrip(first.snapshot), { type: 'TaskSucceeded', taskId: (task as { taskId: string }).taskId, output: 'ok' }, env());
    assert.equal(second.children?.length, 1);
    assert.deepEqual(types(second.children![0].events), ['LambdaFunctionSucceeded', 'TaskStateExited', 'ExecutionSucceeded']);
    assert.deepEqual(second.children![0].events.map((e) => e.id), [5, 6, 7]);
    const stopped = await step(machine, roundTrip(second.snapshot), { type: 'StopExecution' }, env());
    assert.equal(stopped.snapshot.status, 'ABORTED');
    assert.deepEqual(stopped.children?.map((c) => [c.executionArn, types(c.events), c.ended?.status]), [
      [first.children![1].executionArn, ['ExecutionAborted'], 'ABORTED'],
    ]);
  });
});
