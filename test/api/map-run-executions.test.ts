/** A Distributed Map's child executions through the AWS SDK: listed by Map Run, described, with histories of their own. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  DescribeStateMachineForExecutionCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  ListMapRunsCommand,
  StartExecutionCommand,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import { awsError, harness, ROLE } from './helpers.js';

const { client } = await harness({
  pollMs: 5,
  handlers: {
    Check: async (item: unknown) => {
      if ((item as { n: number }).n < 0) throw Object.assign(new Error(`negative: ${(item as { n: number }).n}`), { name: 'Negative' });
      return { checked: (item as { n: number }).n };
    },
  },
});

async function settled(c: SFNClient, executionArn: string) {
  for (;;) {
    const d = await c.send(new DescribeExecutionCommand({ executionArn }));
    if (d.status !== 'RUNNING') return d;
    await new Promise((r) => setTimeout(r, 10));
  }
}

const processor = {
  ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
  StartAt: 'Check',
  States: { Check: { Type: 'Task', Resource: 'arn:aws:states:::local:check', End: true } },
};

async function runMap(name: string, items: unknown[], extra: Record<string, unknown> = {}) {
  const { stateMachineArn } = await client.send(
    new CreateStateMachineCommand({
      name,
      roleArn: ROLE,
      definition: JSON.stringify({ StartAt: 'Each', States: { Each: { Type: 'Map', Label: 'Items', ItemProcessor: processor, End: true, ...extra } } }),
    }),
  );
  const { executionArn } = await client.send(new StartExecutionCommand({ stateMachineArn, input: JSON.stringify(items) }));
  const parent = await settled(client, executionArn!);
  const { mapRuns } = await client.send(new ListMapRunsCommand({ executionArn }));
  return { stateMachineArn: stateMachineArn!, executionArn: executionArn!, parent, mapRunArn: mapRuns![0].mapRunArn! };
}

test('ListExecutions by Map Run lists its child executions, paged and filtered by status', async () => {
  const items = [1, 2, -3, 4, 5].map((n) => ({ n }));
  const { stateMachineArn, parent, mapRunArn } = await runMap('children', items, { ToleratedFailureCount: 1 });
  assert.equal(parent.status, 'SUCCEEDED');
  const all = await client.send(new ListExecutionsCommand({ mapRunArn }));
  assert.equal(all.executions!.length, 5);
  assert.equal(all.nextToken, undefined);
  for (const e of all.executions!) {
    assert.equal(e.stateMachineArn, `${stateMachineArn}/Items`);
    assert.match(e.executionArn!, new RegExp(`^${stateMachineArn.replace(':stateMachine:', ':execution:')}/Items:${e.name}$`));
    assert.equal(e.mapRunArn, mapRunArn);
    assert.equal(e.itemCount, 1);
  }
  assert.deepEqual(all.executions!.map((e) => e.status).sort(), ['FAILED', 'SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED']);

  const failed = await client.send(new ListExecutionsCommand({ mapRunArn, statusFilter: 'FAILED' }));
  assert.equal(failed.executions!.length, 1);

  const first = await client.send(new ListExecutionsCommand({ mapRunArn, maxResults: 2 }));
  const second = await client.send(new ListExecutionsCommand({ mapRunArn, maxResults: 2, nextToken: first.nextToken }));
  const third = await client.send(new ListExecutionsCommand({ mapRunArn, maxResults: 2, nextToken: second.nextToken }));
  assert.equal(third.nextToken, undefined);
  assert.deepEqual([...first.executions!, ...second.executions!, ...third.executions!].map((e) => e.executionArn), all.executions!.map((e) => e.executionArn));

  // The parent's machine lists only the parent.
  const own = await client.send(new ListExecutionsCommand({ stateMachineArn }));
  assert.deepEqual(own.executions!.map((e) => [e.executionArn, e.mapRunArn]), [[parent.executionArn, undefined]]);
});

test('DescribeExecution, GetExecutionHistory and DescribeStateMachineForExecution on a child execution', async () => {
  const { stateMachineArn, mapRunArn } = await runMap('described', [{ n: 7 }, { n: -1 }], { ToleratedFailurePercentage: 50 });
  const { executions } = await client.send(new ListExecutionsCommand({ mapRunArn }));
  const ok = executions!.find((e) => e.status === 'SUCCEEDED')!;
  const bad = executions!.find((e) => e.status === 'FAILED')!;

  const described = await client.send(new DescribeExecutionCommand({ executionArn: ok.executionArn }));
  assert.equal(described.stateMachineArn, `${stateMachineArn}/Items`);
  assert.equal(described.mapRunArn, mapRunArn);
  assert.equal(described.name, ok.name);
  assert.deepEqual(JSON.parse(described.input!), { n: 7 });
  assert.deepEqual(JSON.parse(described.output!), { checked: 7 });
  assert.equal(described.redriveStatus, 'NOT_REDRIVABLE');
  const failed = await client.send(new DescribeExecutionCommand({ executionArn: bad.executionArn }));
  assert.deepEqual([failed.status, failed.error, failed.cause, failed.redriveStatus], ['FAILED', 'Negative', 'negative: -1', 'REDRIVABLE_BY_MAP_RUN']);

  const { events } = await client.send(new GetExecutionHistoryCommand({ executionArn: ok.executionArn }));
  assert.deepEqual(events!.map((e) => e.type), [
    'ExecutionStarted', 'TaskStateEntered', 'TaskScheduled', 'TaskStarted', 'TaskSucceeded', 'TaskStateExited', 'ExecutionSucceeded',
  ]);
  assert.deepEqual(events!.map((e) => e.id), [1, 2, 3, 4, 5, 6, 7]);
  assert.deepEqual(JSON.parse(events![0].executionStartedEventDetails!.input!), { n: 7 });
  assert.equal(events![0].executionStartedEventDetails!.roleArn, ROLE);
  const failedHistory = await client.send(new GetExecutionHistoryCommand({ executionArn: bad.executionArn, reverseOrder: true, maxResults: 1 }));
  assert.deepEqual(failedHistory.events!.map((e) => [e.type, e.executionFailedEventDetails?.error]), [['ExecutionFailed', 'Negative']]);

  const machine = await client.send(new DescribeStateMachineForExecutionCommand({ executionArn: ok.executionArn }));
  assert.equal(machine.stateMachineArn, `${stateMachineArn}/Items`);
  assert.equal(machine.mapRunArn, mapRunArn);
  assert.equal(machine.label, 'Items');
  assert.equal(machine.roleArn, ROLE);
  const { ProcessorConfig: _config, ...definition } = processor;
  assert.deepEqual(JSON.parse(machine.definition!), definition);
});

test('ListExecutions refuses a malformed Map Run ARN and does not know one that never ran', async () => {
  const { mapRunArn } = await runMap('known', [{ n: 1 }]);
  assert.equal((await awsError(client.send(new ListExecutionsCommand({ mapRunArn: 'arn:aws:states:us-east-1:123456789012:execution:x:y' })))).name, 'InvalidArn');
  const unknown = mapRunArn.replace(/-[0-9a-f]{8}$/, '-00000000');
  const error = await awsError(client.send(new ListExecutionsCommand({ mapRunArn: unknown })));
  assert.deepEqual([error.name, error.message], ['ResourceNotFound', `Resource not found: '${unknown}'`]);
});
