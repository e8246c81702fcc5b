/** Activities, task tokens and TestState through the AWS SDK against a real server. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateActivityCommand,
  CreateStateMachineCommand,
  DeleteActivityCommand,
  DescribeActivityCommand,
  DescribeExecutionCommand,
  GetActivityTaskCommand,
  ListActivitiesCommand,
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  StartExecutionCommand,
  TestStateCommand,
} from '@aws-sdk/client-sfn';
import { awsError, harness, ROLE } from './helpers.js';

// A worker's poll that finds no task answers after this long instead of AWS's 60 seconds.
const { client, server } = await harness({ activityPollMs: 200 });
const ACTIVITY = 'arn:aws:states:us-east-1:123456789012:activity';

test('activities: create (idempotently), describe, list, delete', async () => {
  const created = await client.send(new CreateActivityCommand({ name: 'review' }));
  assert.equal(created.activityArn, `${ACTIVITY}:review`);
  assert.ok(created.creationDate instanceof Date);
  assert.equal((await client.send(new CreateActivityCommand({ name: 'review' }))).activityArn, created.activityArn);
  const described = await client.send(new DescribeActivityCommand({ activityArn: created.activityArn }));
  assert.equal(described.name, 'review');
  assert.equal(described.creationDate?.getTime(), created.creationDate.getTime());
  await client.send(new CreateActivityCommand({ name: 'approve' }));
  const listed = await client.send(new ListActivitiesCommand({}));
  assert.deepEqual(listed.activities?.map((a) => a.name), ['review', 'approve']);
  const paged = await client.send(new ListActivitiesCommand({ maxResults: 1 }));
  assert.equal(paged.activities?.length, 1);
  assert.ok(paged.nextToken);

  await client.send(new DeleteActivityCommand({ activityArn: created.activityArn }));
  const gone = await awsError(client.send(new DescribeActivityCommand({ activityArn: created.activityArn })));
  assert.deepEqual([gone.name, gone.message], ['ActivityDoesNotExist', `Activity Does Not Exist: '${created.activityArn}'`]);
  const badName = await awsError(client.send(new CreateActivityCommand({ name: 'a"b' })));
  assert.deepEqual([badName.name, badName.message], ['InvalidName', `Invalid Name: 'a"b'`]);
});

test('GetActivityTask with no work answers with no task', async () => {
  const { activityArn } = await client.send(new CreateActivityCommand({ name: 'idle' }));
  const t0 = Date.now();
  const polled = await client.send(new GetActivityTaskCommand({ activityArn, workerName: 'w1' }));
  assert.equal(polled.taskToken, undefined);
  assert.equal(polled.input, undefined);
  assert.ok(Date.now() - t0 < 5000);
  const missing = await awsError(client.send(new GetActivityTaskCommand({ activityArn: `${ACTIVITY}:never-made` })));
  assert.equal(missing.name, 'ActivityDoesNotExist');
});

test('a worker takes an activity task, heartbeats and answers it; the token is then spent', async () => {
  const { activityArn } = await client.send(new CreateActivityCommand({ name: 'sign' }));
  const definition = JSON.stringify({ StartAt: 'Sign', States: { Sign: { Type: 'Task', Resource: activityArn, HeartbeatSeconds: 60, End: true } } });
  const { stateMachineArn } = await client.send(new CreateStateMachineCommand({ name: 'signing', definition, roleArn: ROLE }));
  const { executionArn } = await client.send(new StartExecutionCommand({ stateMachineArn, input: '{"doc":"d1"}' }));

  const task = await client.send(new GetActivityTaskCommand({ activityArn, workerName: 'w1' }));
  assert.ok(task.taskToken, 'a task is waiting for the worker');
  assert.deepEqual(JSON.parse(task.input!), { doc: 'd1' });
  await client.send(new SendTaskHeartbeatCommand({ taskToken: task.taskToken }));
  const badOutput = await awsError(client.send(new SendTaskSuccessCommand({ taskToken: task.taskToken, output: '{nope' })));
  assert.equal(badOutput.name, 'InvalidOutput');
  await client.send(new SendTaskSuccessCommand({ taskToken: task.taskToken, output: '{"signed":true}' }));
  await server.service.idle();
  const done = await client.send(new DescribeExecutionCommand({ executionArn }));
  assert.equal(done.status, 'SUCCEEDED');
  assert.equal(done.output, '{"signed":true}');

  const spent = await awsError(client.send(new SendTaskSuccessCommand({ taskToken: task.taskToken, output: '{}' })));
  assert.deepEqual([spent.name, spent.message], ['TaskDoesNotExist', 'Task Does Not Exist']);
  const spentHeartbeat = await awsError(client.send(new SendTaskHeartbeatCommand({ taskToken: task.taskToken })));
  assert.equal(spentHeartbeat.name, 'TaskDoesNotExist');
});

test('a worker fails an activity task: the execution fails with its error', async () => {
  const { activityArn } = await client.send(new CreateActivityCommand({ name: 'check' }));
  const definition = JSON.stringify({ StartAt: 'Check', States: { Check: { Type: 'Task', Resource: activityArn, End: true } } });
  const { stateMachineArn } = await client.send(new CreateStateMachineCommand({ name: 'checking', definition, roleArn: ROLE }));
  const { executionArn } = await client.send(new StartExecutionCommand({ stateMachineArn }));
  const task = await client.send(new GetActivityTaskCommand({ activityArn }));
  await client.send(new SendTaskFailureCommand({ taskToken: task.taskToken, error: 'Rejected', cause: 'bad scan' }));
  await server.service.idle();
  const failed = await client.send(new DescribeExecutionCommand({ executionArn }));
  assert.deepEqual([failed.status, failed.error, failed.cause], ['FAILED', 'Rejected', 'bad scan']);
});

test('task tokens we never issued are InvalidToken', async () => {
  for (const send of [
    () => client.send(new SendTaskSuccessCommand({ taskToken: 'made-up', output: '{}' })),
    () => client.send(new SendTaskFailureCommand({ taskToken: 'made-up', error: 'E' })),
    () => client.send(new SendTaskHeartbeatCommand({ taskToken: 'made-up' })),
  ]) {
    const e = await awsError(send());
    assert.deepEqual([e.name, e.status], ['InvalidToken', 400]);
  }
});

test('TestState runs one state and reports what it did', async () => {
  const passState = JSON.stringify({ Type: 'Pass', Parameters: { 'sum.$': 'States.MathAdd($.a, $.b)' }, Next: 'After' });
  const r = await client.send(new TestStateCommand({ definition: passState, input: '{"a":2,"b":3}', inspectionLevel: 'DEBUG' }));
  assert.equal(r.status, 'SUCCEEDED');
  assert.equal(r.output, '{"sum":5}');
  assert.equal(r.nextState, 'After');
  assert.equal(r.inspectionData?.afterParameters, '{"sum":5}');

  const mocked = await client.send(
    new TestStateCommand({
      definition: JSON.stringify({ Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: 'f' }, End: true }),
      // Held to Lambda's Invoke model, Payload would have to be text (a blob), as on AWS.
      mock: { result: '{"Payload":{"ok":true}}', fieldValidationMode: 'NONE' },
    }),
  );
  assert.equal(mocked.status, 'SUCCEEDED');
  assert.deepEqual(JSON.parse(mocked.output!), { Payload: { ok: true } });

  const fail = await client.send(new TestStateCommand({ definition: JSON.stringify({ Type: 'Fail', Error: 'E', Cause: 'C' }) }));
  assert.deepEqual([fail.status, fail.error, fail.cause], ['FAILED', 'E', 'C']);

  const invalid = await awsError(client.send(new TestStateCommand({ definition: JSON.stringify({ Type: 'Pass', Next: 3 }) })));
  assert.equal(invalid.name, 'InvalidDefinition');
  const noRole = await awsError(client.send(new TestStateCommand({ definition: JSON.stringify({ Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', End: true }) })));
  assert.deepEqual([noRole.name, noRole.message], ['ValidationException', 'RoleArn must be specified when testing a Task state']);
});
