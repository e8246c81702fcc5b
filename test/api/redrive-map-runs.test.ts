/** RedriveExecution and the Map Run actions through the AWS SDK. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  DescribeMapRunCommand,
  GetExecutionHistoryCommand,
  ListMapRunsCommand,
  RedriveExecutionCommand,
  StartExecutionCommand,
  UpdateMapRunCommand,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import { harness, ROLE } from './helpers.js';

let attempts = 0;
let releaseItems: (() => void) | undefined;
const gate = new Promise<void>((r) => (releaseItems = r));
const { client } = await harness({
  pollMs: 5,
  handlers: {
    Flaky: async () => {
      if (++attempts === 1) throw Object.assign(new Error('database down'), { name: 'Outage' });
      return { attempt: attempts };
    },
    Slow: async (item: unknown) => {
      await gate;
      return item;
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

test('RedriveExecution runs a failed execution again from its failed state', async () => {
  const { stateMachineArn } = await client.send(
    new CreateStateMachineCommand({
      name: 'redrivable',
      roleArn: ROLE,
      definition: JSON.stringify({ StartAt: 'Flaky', States: { Flaky: { Type: 'Task', Resource: 'arn:aws:states:::local:flaky', End: true } } }),
    }),
  );
  const { executionArn } = await client.send(new StartExecutionCommand({ stateMachineArn, name: 'once' }));
  const failed = await settled(client, executionArn!);
  assert.deepEqual([failed.status, failed.error, failed.redriveStatus], ['FAILED', 'Outage', 'REDRIVABLE']);
  const { redriveDate } = await client.send(new RedriveExecutionCommand({ executionArn }));
  assert.ok(redriveDate instanceof Date);
  const done = await settled(client, executionArn!);
  assert.deepEqual([done.status, done.output, done.redriveCount], ['SUCCEEDED', '{"attempt":2}', 1]);
  const { events } = await client.send(new GetExecutionHistoryCommand({ executionArn }));
  assert.ok(events!.some((e) => e.type === 'ExecutionRedriven'));
  await assert.rejects(client.send(new RedriveExecutionCommand({ executionArn })), { name: 'ExecutionNotRedrivable' });
});

test('ListMapRuns, DescribeMapRun and UpdateMapRun for a Distributed Map', async () => {
  const { stateMachineArn } = await client.send(
    new CreateStateMachineCommand({
      name: 'fan-out',
      roleArn: ROLE,
      definition: JSON.stringify({
        StartAt: 'Each',
        States: {
          Each: {
            Type: 'Map',
            MaxConcurrency: 1,
            ItemProcessor: {
              ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
              StartAt: 'Slow',
              States: { Slow: { Type: 'Task', Resource: 'arn:aws:states:::local:slow', End: true } },
            },
            End: true,
          },
        },
      }),
    }),
  );
  const { executionArn } = await client.send(new StartExecutionCommand({ stateMachineArn, input: '[1,2,3]' }));
  let runs;
  do {
    runs = (await client.send(new ListMapRunsCommand({ executionArn }))).mapRuns!;
  } while (runs.length === 0);
  const mapRunArn = runs[0].mapRunArn!;
  const running = await client.send(new DescribeMapRunCommand({ mapRunArn }));
  assert.deepEqual([running.status, running.executionArn, running.itemCounts?.total], ['RUNNING', executionArn, 3]);
  await client.send(new UpdateMapRunCommand({ mapRunArn, maxConcurrency: 3 }));
  releaseItems!();
  const done = await settled(client, executionArn!);
  assert.deepEqual([done.status, done.output], ['SUCCEEDED', '[1,2,3]']);
  assert.equal((await client.send(new DescribeMapRunCommand({ mapRunArn }))).status, 'SUCCEEDED');
  await assert.rejects(client.send(new UpdateMapRunCommand({ mapRunArn, maxConcurrency: 5 })), { name: 'ValidationException' });
  await assert.rejects(client.send(new DescribeMapRunCommand({ mapRunArn: `${mapRunArn}0` })), { name: 'ResourceNotFound' });
});
