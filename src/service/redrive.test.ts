import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../store/sqlite-store.js';
import { StepFunctionsService } from './service.js';
import { ServiceError } from './errors.js';

const ROLE = 'arn:aws:iam::123456789012:role/r';

describe('RedriveExecution', () => {
  it('runs a failed execution again from the state that failed, keeping its history', async () => {
    let calls = 0;
    const service = new StepFunctionsService({
      skipWaits: true,
      pollMs: 5,
      handlers: {
        Flaky: async () => {
          calls++;
          if (calls === 1) throw Object.assign(new Error('down'), { name: 'Outage' });
          return { ok: calls };
        },
      },
    });
    const { stateMachineArn } = await service.createStateMachine({
      name: 'm',
      roleArn: ROLE,
      definition: JSON.stringify({
        StartAt: 'First',
        States: {
          First: { Type: 'Pass', Result: 'x', ResultPath: '$.first', Next: 'Flaky' },
          Flaky: { Type: 'Task', Resource: 'arn:aws:states:::local:flaky', End: true },
        },
      }),
    });
    const { executionArn } = await service.startExecution({ stateMachineArn, input: '{"n":1}' });
    await service.idle();
    const failed = await service.describeExecution({ executionArn });
    assert.deepEqual([failed.status, failed.error, failed.redriveStatus], ['FAILED', 'Outage', 'REDRIVABLE']);

    await service.redriveExecution({ executionArn });
    await service.idle();
    const done = await service.describeExecution({ executionArn });
    assert.deepEqual([done.status, done.redriveCount, JSON.parse(done.output!)], ['SUCCEEDED', 1, { ok: 2 }]);
    const { events } = await service.getExecutionHistory({ executionArn, maxResults: 1000 });
    const types = events.map((e) => e.type);
    assert.equal(types.filter((t) => t === 'PassStateEntered').length, 1, 'the states that succeeded are not run again');
    assert.ok(types.includes('ExecutionRedriven'));
    assert.deepEqual(events.map((e) => e.id), events.map((_, i) => i + 1));
    const redriven = await service.listExecutions({ stateMachineArn, redriveFilter: 'REDRIVEN' });
    assert.deepEqual(redriven.executions.map((e) => e.executionArn), [executionArn]);

    await assert.rejects(service.redriveExecution({ executionArn }), (e: unknown) => e instanceof ServiceError && e.type === 'ExecutionNotRedrivable');
    await service.close();
  });

  it('fails a durable execution whose history reaches 25,000 events, as AWS does, and never redrives it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stepwise-history-limit-'));
    const service = new StepFunctionsService({ store: openSqliteStore(join(dir, 'store.db')), pollMs: 5 });
    try {
      const { stateMachineArn } = await service.createStateMachine({
        name: 'forever',
        roleArn: ROLE,
        definition: JSON.stringify({
          StartAt: 'Inc',
          States: {
            Inc: { Type: 'Pass', Parameters: { 'count.$': 'States.MathAdd($.count, 1)' }, Next: 'Loop' },
            // Never done: the count is always above 0 here.
            Loop: { Type: 'Choice', Choices: [{ Variable: '$.count', NumericGreaterThan: 0, Next: 'Inc' }], Default: 'Done' },
            Done: { Type: 'Succeed' },
          },
        }),
      });
      const { executionArn } = await service.startExecution({ stateMachineArn, input: '{"count":0}' });
      await service.idle();
      const cause = 'The execution reached the maximum number of history events (25000).';
      const failed = await service.describeExecution({ executionArn });
      assert.deepEqual(
        [failed.status, failed.error, failed.cause, failed.redriveStatus, failed.redriveStatusReason],
        ['FAILED', 'States.Runtime', cause, 'NOT_REDRIVABLE', 'Execution history event limit exceeded.'],
      );
      const { events } = await service.getExecutionHistory({ executionArn, reverseOrder: true, maxResults: 2 });
      assert.deepEqual(events.map((e) => [e.id, e.previousEventId, e.type]), [[25_000, 24_999, 'ExecutionFailed'], [24_999, 24_998, 'PassStateExited']]);
      assert.deepEqual(events[0].executionFailedEventDetails, { error: 'States.Runtime', cause });
      await assert.rejects(
        service.redriveExecution({ executionArn }),
        (e: unknown) => e instanceof ServiceError && e.type === 'ExecutionNotRedrivable' && e.message.includes('Execution history event limit exceeded'),
      );
    } finally {
      await service.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('lists and describes the Map Runs of Distributed Map states', async () => {
    const service = new StepFunctionsService({ skipWaits: true, pollMs: 5 });
    const { stateMachineArn } = await service.createStateMachine({
      name: 'fan',
      roleArn: ROLE,
      definition: JSON.stringify({
        StartAt: 'M',
        States: {
          M: {
            Type: 'Map',
            ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' }, StartAt: 'P', States: { P: { Type: 'Pass', End: true } } },
            End: true,
          },
        },
      }),
    });
    const { executionArn } = await service.startExecution({ stateMachineArn, input: '[1,2,3]' });
    await service.idle();
    const { mapRuns } = await service.listMapRuns({ executionArn });
    assert.equal(mapRuns.length, 1);
    const run = await service.describeMapRun({ mapRunArn: mapRuns[0].mapRunArn });
    assert.deepEqual([run.status, run.executionArn, run.itemCounts.total, run.itemCounts.succeeded], ['SUCCEEDED', executionArn, 3, 3]);
    await assert.rejects(service.describeMapRun({ mapRunArn: `${mapRuns[0].mapRunArn}x` }), (e: unknown) => e instanceof ServiceError && e.type === 'ResourceNotFound');
    await service.close();
  });
});
