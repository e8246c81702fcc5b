/** Executions through the AWS SDK against a real server: start, describe, stop, list, history, express. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  DescribeStateMachineForExecutionCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  StartExecutionCommand,
  StartSyncExecutionCommand,
  StopExecutionCommand,
  type HistoryEvent,
} from '@aws-sdk/client-sfn';
import { awsError, harness, pass, ROLE, SM } from './helpers.js';

const handlers = {
  price: async (order: unknown) => ({ total: (order as { qty: number }).qty * 5 }),
  flaky: async () => {
    throw Object.assign(new Error('card declined'), { name: 'PaymentError' });
  },
  // Never answers: its execution stays RUNNING until stopped.
  stuck: () => new Promise(() => {}),
};
const { client, server } = await harness({ handlers });

const lambda = (fn: string) => `arn:aws:lambda:us-east-1:123456789012:function:${fn}`;
const ORDER = JSON.stringify({
  StartAt: 'Price',
  States: {
    Price: { Type: 'Task', Resource: lambda('price'), ResultPath: '$.price', Next: 'Pause' },
    Pause: { Type: 'Wait', Seconds: 3600, Next: 'Done' },
    Done: { Type: 'Pass', OutputPath: '$.price', End: true },
  },
});

async function machine(name: string, definition: string, type?: 'STANDARD' | 'EXPRESS'): Promise<string> {
  return (await client.send(new CreateStateMachineCommand({ name, definition, roleArn: ROLE, type }))).stateMachineArn!;
}

async function finished(executionArn: string) {
  await server.service.idle();
  return client.send(new DescribeExecutionCommand({ executionArn }));
}

test('an execution with Task and Wait states runs to its end', async () => {
  const arn = await machine('order', ORDER);
  const started = await client.send(new StartExecutionCommand({ stateMachineArn: arn, name: 'first', input: '{"qty":3}' }));
  assert.equal(started.executionArn, 'arn:aws:states:us-east-1:123456789012:execution:order:first');
  assert.ok(started.startDate instanceof Date);
  const e = await finished(started.executionArn!);
  assert.equal(e.status, 'SUCCEEDED');
  assert.equal(e.name, 'first');
  assert.equal(e.stateMachineArn, arn);
  assert.equal(e.input, '{"qty":3}');
  assert.equal(e.output, '{"total":15}');
  assert.ok(e.stopDate instanceof Date && e.stopDate.getTime() >= e.startDate!.getTime());

  const forExecution = await client.send(new DescribeStateMachineForExecutionCommand({ executionArn: started.executionArn }));
  assert.equal(forExecution.definition, ORDER);
  assert.equal(forExecution.name, 'order');

  // Same name, different input: the name is taken.
  const taken = await awsError(client.send(new StartExecutionCommand({ stateMachineArn: arn, name: 'first', input: '{"qty":4}' })));
  assert.deepEqual([taken.name, taken.message], ['ExecutionAlreadyExists', `Execution Already Exists: '${started.executionArn}'`]);
});

test('a failing Task fails the execution with the handler error', async () => {
  const arn = await machine('pay', JSON.stringify({ StartAt: 'Pay', States: { Pay: { Type: 'Task', Resource: lambda('flaky'), End: true } } }));
  const { executionArn } = await client.send(new StartExecutionCommand({ stateMachineArn: arn }));
  const e = await finished(executionArn!);
  assert.equal(e.status, 'FAILED');
  assert.equal(e.error, 'PaymentError');
  assert.match(e.cause!, /card declined/);
  assert.equal(e.output, undefined);
});

test('history as AWS sends it: JSON text payloads, timestamps, reverse order and paging', async () => {
  const arn = await machine('history', ORDER);
  const { executionArn } = await client.send(new StartExecutionCommand({ stateMachineArn: arn, input: '{"qty":2}' }));
  await server.service.idle();
  const { events } = await client.send(new GetExecutionHistoryCommand({ executionArn }));
  const types = events!.map((ev) => ev.type);
  assert.deepEqual(types.slice(0, 3), ['ExecutionStarted', 'TaskStateEntered', 'LambdaFunctionScheduled']);
  assert.ok(types.includes('WaitStateEntered') && types.includes('WaitStateExited'));
  assert.equal(types.at(-1), 'ExecutionSucceeded');
  assert.deepEqual(events!.map((ev) => ev.id), events!.map((_, i) => i + 1));
  const started = events![0];
  assert.ok(started.timestamp instanceof Date);
  assert.equal(started.executionStartedEventDetails?.input, '{"qty":2}', 'payloads are JSON text on the wire');
  assert.deepEqual(started.executionStartedEventDetails?.inputDetails, { truncated: false });
  assert.equal(JSON.parse(events!.at(-1)!.executionSucceededEventDetails!.output!).total, 10);
  const scheduled = events!.find((ev) => ev.type === 'LambdaFunctionScheduled')!;
  assert.equal(typeof scheduled.lambdaFunctionScheduledEventDetails?.input, 'string');

  const reversed = await client.send(new GetExecutionHistoryCommand({ executionArn, reverseOrder: true }));
  assert.deepEqual(reversed.events!.map((ev) => ev.id), events!.map((ev) => ev.id).reverse());

  const paged: HistoryEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await client.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 3, nextToken }));
    assert.ok(page.events!.length <= 3);
    paged.push(...page.events!);
    nextToken = page.nextToken;
  } while (nextToken);
  assert.deepEqual(paged.map((ev) => ev.id), events!.map((ev) => ev.id));

  const withoutData = await client.send(new GetExecutionHistoryCommand({ executionArn, includeExecutionData: false }));
  assert.equal(withoutData.events![0].executionStartedEventDetails?.input, undefined);
});

test('stop a running execution; list executions by status', async () => {
  const arn = await machine('waits', JSON.stringify({ StartAt: 'T', States: { T: { Type: 'Task', Resource: lambda('stuck'), End: true } } }));
  const { executionArn } = await client.send(new StartExecutionCommand({ stateMachineArn: arn, name: 'slow' }));
  assert.equal((await client.send(new DescribeExecutionCommand({ executionArn }))).status, 'RUNNING');
  const listed = await client.send(new ListExecutionsCommand({ stateMachineArn: arn, statusFilter: 'RUNNING' }));
  assert.deepEqual(listed.executions?.map((x) => x.name), ['slow']);

  const { stopDate } = await client.send(new StopExecutionCommand({ executionArn, error: 'Operator', cause: 'changed my mind' }));
  assert.ok(stopDate instanceof Date);
  const stopped = await client.send(new DescribeExecutionCommand({ executionArn }));
  assert.equal(stopped.status, 'ABORTED');
  assert.equal(stopped.error, 'Operator');
  const last = (await client.send(new GetExecutionHistoryCommand({ executionArn, reverseOrder: true, maxResults: 1 }))).events![0];
  assert.equal(last.type, 'ExecutionAborted');
  assert.deepEqual(last.executionAbortedEventDetails, { error: 'Operator', cause: 'changed my mind' });

  const second = await client.send(new StartExecutionCommand({ stateMachineArn: arn, name: 'second' }));
  const all = await client.send(new ListExecutionsCommand({ stateMachineArn: arn }));
  assert.deepEqual(all.executions?.map((x) => x.name), ['second', 'slow'], 'newest first');
  assert.ok(all.executions!.every((x) => x.startDate instanceof Date));
  const aborted = await client.send(new ListExecutionsCommand({ stateMachineArn: arn, statusFilter: 'ABORTED' }));
  assert.deepEqual(aborted.executions?.map((x) => x.name), ['slow']);
  const page = await client.send(new ListExecutionsCommand({ stateMachineArn: arn, maxResults: 1 }));
  assert.equal(page.executions?.length, 1);
  assert.ok(page.nextToken);
  await client.send(new StopExecutionCommand({ executionArn: second.executionArn }));
});

test('express machines: StartSyncExecution answers with the result; StartExecution returns an express ARN', async () => {
  const arn = await machine('quick', ORDER, 'EXPRESS');
  const ok = await client.send(new StartSyncExecutionCommand({ stateMachineArn: arn, input: '{"qty":7}' }));
  assert.equal(ok.status, 'SUCCEEDED');
  assert.equal(ok.output, '{"total":35}');
  assert.match(ok.executionArn!, /^arn:aws:states:us-east-1:123456789012:express:quick:/);
  assert.ok(ok.startDate instanceof Date && ok.stopDate instanceof Date);
  assert.ok((ok.billingDetails?.billedDurationInMilliseconds ?? 0) >= 100);

  const failing = await machine('quick-fail', JSON.stringify({ StartAt: 'F', States: { F: { Type: 'Fail', Error: 'Nope', Cause: 'because' } } }), 'EXPRESS');
  const failed = await client.send(new StartSyncExecutionCommand({ stateMachineArn: failing }));
  assert.deepEqual([failed.status, failed.error, failed.cause], ['FAILED', 'Nope', 'because']);

  const { executionArn } = await client.send(new StartExecutionCommand({ stateMachineArn: arn }));
  assert.match(executionArn!, /:express:quick:/);
  await server.service.idle();

  const standard = await machine('not-express', pass());
  const refused = await awsError(client.send(new StartSyncExecutionCommand({ stateMachineArn: standard })));
  assert.equal(refused.name, 'StateMachineTypeNotSupported');
});

test('StartExecution refuses what AWS refuses', async () => {
  const arn = await machine('strict', pass());
  const badInput = await awsError(client.send(new StartExecutionCommand({ stateMachineArn: arn, input: "{'not': 'json'" })));
  assert.deepEqual(
    [badInput.name, badInput.message],
    ['InvalidExecutionInput', "Invalid State Machine Execution Input: 'Unexpected character (''' (code 39)): was expecting double-quote to start field name'"],
  );
  const oversized = await awsError(client.send(new StartExecutionCommand({ stateMachineArn: arn, input: JSON.stringify({ big: 'x'.repeat(262144) }) })));
  assert.equal(oversized.name, 'ValidationException');
  assert.equal(oversized.message, "1 validation error detected: Value at 'input' failed to satisfy constraint: Member must have length less than or equal to 262144");
  const badName = await awsError(client.send(new StartExecutionCommand({ stateMachineArn: arn, name: 'a/b' })));
  assert.deepEqual([badName.name, badName.message], ['InvalidName', "Invalid Name: 'a/b'"]);
  const noMachine = await awsError(client.send(new StartExecutionCommand({ stateMachineArn: `${SM}:missing` })));
  assert.deepEqual([noMachine.name, noMachine.message], ['StateMachineDoesNotExist', `State Machine Does Not Exist: '${SM}:missing'`]);
  const noExecution = await awsError(client.send(new DescribeExecutionCommand({ executionArn: 'arn:aws:states:us-east-1:123456789012:execution:strict:nope' })));
  assert.deepEqual([noExecution.name, noExecution.status], ['ExecutionDoesNotExist', 400]);
  const badArn = await awsError(client.send(new DescribeExecutionCommand({ executionArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:strict' })));
  assert.deepEqual([badArn.name, badArn.message], ['InvalidArn', "Invalid Arn: 'Resource type not valid in this context: statemachine'"]);
});
