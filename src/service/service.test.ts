import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ServiceError } from './errors.js';
import { StepFunctionsService } from './service.js';

const ROLE = 'arn:aws:iam::123456789012:role/r';
const SM = 'arn:aws:states:us-east-1:123456789012:stateMachine';
const pass = (result: unknown = { ok: true }): string => JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Pass', Result: result, End: true } } });
// A task whose handler never answers keeps its execution RUNNING without holding the process open.
const STUCK = JSON.stringify({ StartAt: 'T', States: { T: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:stuck', End: true } } });
const stuck = { stuck: () => new Promise(() => {}) };

/** Asserts `call` fails with AWS's error type and, when given, message. */
async function rejects(call: Promise<unknown>, type: string, message?: string | RegExp): Promise<void> {
  await assert.rejects(call, (e: unknown) => {
    assert.ok(e instanceof ServiceError, String(e));
    assert.equal(e.type, type, e.message);
    if (typeof message === 'string') assert.equal(e.message, message);
    else if (message) assert.match(e.message, message);
    return true;
  });
}

async function withMachine(definition = pass(), type?: 'STANDARD' | 'EXPRESS') {
  const service = new StepFunctionsService({ skipWaits: true });
  const { stateMachineArn } = await service.createStateMachine({ name: 'm', definition, roleArn: ROLE, type });
  return { service, arn: stateMachineArn };
}

test('create, describe, list and delete a state machine', async () => {
  const { service, arn } = await withMachine();
  assert.equal(arn, `${SM}:m`);
  const d = await service.describeStateMachine({ stateMachineArn: arn });
  assert.equal(d.name, 'm');
  assert.equal(d.type, 'STANDARD');
  assert.deepEqual(d.loggingConfiguration, { level: 'OFF', includeExecutionData: false });
  assert.deepEqual((await service.listStateMachines()).stateMachines.map((m) => m.name), ['m']);
  await service.deleteStateMachine({ stateMachineArn: arn });
  await rejects(service.describeStateMachine({ stateMachineArn: arn }), 'StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`);
});

test('CreateStateMachine is idempotent for the same configuration, and refuses a different one', async () => {
  const { service, arn } = await withMachine();
  assert.equal((await service.createStateMachine({ name: 'm', definition: pass(), roleArn: ROLE })).stateMachineArn, arn);
  await rejects(service.createStateMachine({ name: 'm', definition: pass(2), roleArn: ROLE }), 'StateMachineAlreadyExists', `State Machine Already Exists: '${arn}'`);
});

const badCreates: [string, Record<string, unknown>, string, string | RegExp][] = [
  ['a name with a space', { name: 'a b' }, 'InvalidName', "Invalid Name: 'a b'"],
  ['a name with a colon', { name: 'a:b' }, 'InvalidName', "Invalid Name: 'a:b'"],
  ['a name of 81 characters', { name: 'x'.repeat(81) }, 'ValidationException', /at 'name' failed to satisfy constraint: Member must have length less than or equal to 80$/],
  ['an unknown type', { type: 'FAST' }, 'ValidationException', "1 validation error detected: Value 'FAST' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [STANDARD, EXPRESS]"],
  ['a definition without States', { definition: '{"StartAt":"A"}' }, 'InvalidDefinition', "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: These fields are required: [States] at /'"],
  ['a version description without publish', { versionDescription: 'v' }, 'ValidationException', 'Version description can only be set when publish is true'],
  ['logging without a destination', { loggingConfiguration: { level: 'ALL' } }, 'InvalidLoggingConfiguration', 'Invalid Logging Configuration: Must specify exactly one Log Destination.'],
];
for (const [what, override, type, message] of badCreates) {
  test(`CreateStateMachine refuses ${what}`, async () => {
    const service = new StepFunctionsService();
    await rejects(service.createStateMachine({ name: 'm', definition: pass(), roleArn: ROLE, ...override } as never), type, message);
  });
}

const badArns: [string, string, string][] = [
  ['no arn: prefix', 'not_an_arn', "Invalid Arn: 'Invalid ARN prefix: not_an_arn'"],
  ['an execution ARN', 'arn:aws:states:us-east-1:123456789012:execution:m:e', "Invalid Arn: 'Resource type not valid in this context: execution'"],
  ['an activity ARN', 'arn:aws:states:us-east-1:123456789012:activity:a', "Invalid Arn: 'Resource type not valid in this context: activity'"],
];
for (const [what, arn, message] of badArns) {
  test(`DescribeStateMachine refuses ${what}`, async () => {
    await rejects(new StepFunctionsService().describeStateMachine({ stateMachineArn: arn }), 'InvalidArn', message);
  });
}

test('UpdateStateMachine makes a new revision, needs something to update, and publishes', async () => {
  const { service, arn } = await withMachine();
  const before = await service.describeStateMachine({ stateMachineArn: arn });
  await rejects(service.updateStateMachine({ stateMachineArn: arn }), 'MissingRequiredParameter');
  const updated = await service.updateStateMachine({ stateMachineArn: arn, definition: pass(2), publish: true, versionDescription: 'two' });
  assert.notEqual(updated.revisionId, before.revisionId);
  assert.equal(updated.stateMachineVersionArn, `${arn}:1`);
  assert.equal((await service.describeStateMachine({ stateMachineArn: `${arn}:1` })).description, 'two');
  await rejects(service.updateStateMachine({ stateMachineArn: `${arn}:1`, definition: pass() }), 'StateMachineDoesNotExist');
});

test('versions: publish is idempotent per revision, checks the revision, never reuses numbers', async () => {
  const { service, arn } = await withMachine();
  const v1 = await service.publishStateMachineVersion({ stateMachineArn: arn });
  assert.equal((await service.publishStateMachineVersion({ stateMachineArn: arn })).stateMachineVersionArn, v1.stateMachineVersionArn);
  await rejects(service.publishStateMachineVersion({ stateMachineArn: arn, revisionId: 'stale' }), 'ConflictException', /^Failed to publish the State Machine version for revision stale\. The current State Machine revision is .+\.$/);
  await service.deleteStateMachineVersion({ stateMachineVersionArn: v1.stateMachineVersionArn });
  await service.updateStateMachine({ stateMachineArn: arn, definition: pass(3) });
  assert.equal((await service.publishStateMachineVersion({ stateMachineArn: arn })).stateMachineVersionArn, `${arn}:2`);
  assert.deepEqual((await service.listStateMachineVersions({ stateMachineArn: arn })).stateMachineVersions.map((v) => v.stateMachineVersionArn), [`${arn}:2`]);
});

test('aliases route to versions, and a version an alias uses cannot be deleted', async () => {
  const { service, arn } = await withMachine();
  const { stateMachineVersionArn: v1 } = await service.publishStateMachineVersion({ stateMachineArn: arn });
  await rejects(service.createStateMachineAlias({ name: 'prod', routingConfiguration: [{ stateMachineVersionArn: v1, weight: 90 }] }), 'ValidationException', 'Sum of routing configuration weights must equal 100. Received: [90]');
  await rejects(service.createStateMachineAlias({ name: '123', routingConfiguration: [{ stateMachineVersionArn: v1, weight: 100 }] }), 'ValidationException', /Member must satisfy regular expression pattern/);
  const { stateMachineAliasArn } = await service.createStateMachineAlias({ name: 'prod', routingConfiguration: [{ stateMachineVersionArn: v1, weight: 100 }] });
  assert.equal(stateMachineAliasArn, `${arn}:prod`);
  await rejects(
    service.deleteStateMachineVersion({ stateMachineVersionArn: v1 }),
    'ConflictException',
    'Version to be deleted must not be referenced by an alias. Current list of aliases referencing this version: [prod]',
  );
  const { executionArn } = await service.startExecution({ stateMachineArn: stateMachineAliasArn });
  await service.idle();
  const e = await service.describeExecution({ executionArn });
  assert.equal(e.stateMachineAliasArn, stateMachineAliasArn);
  assert.equal(e.stateMachineVersionArn, v1);
  await rejects(service.updateStateMachineAlias({ stateMachineAliasArn: `${arn}:nope`, description: 'x' }), 'ResourceNotFound', 'Request references a resource that does not exist.');
  await service.deleteStateMachineAlias({ stateMachineAliasArn });
  assert.deepEqual((await service.listStateMachineAliases({ stateMachineArn: arn })).stateMachineAliases, []);
});

test('an execution runs to its end with AWS history', async () => {
  const { service, arn } = await withMachine(pass({ x: 1 }));
  const { executionArn } = await service.startExecution({ stateMachineArn: arn, name: 'e1', input: '{"a":1}' });
  assert.equal(executionArn, 'arn:aws:states:us-east-1:123456789012:execution:m:e1');
  await service.idle();
  const e = await service.describeExecution({ executionArn });
  assert.equal(e.status, 'SUCCEEDED');
  assert.equal(e.input, '{"a":1}');
  assert.equal(e.output, '{"x":1}');
  const { events } = await service.getExecutionHistory({ executionArn });
  assert.deepEqual(events.map((ev) => ev.type), ['ExecutionStarted', 'PassStateEntered', 'PassStateExited', 'ExecutionSucceeded']);
  assert.equal((await service.describeStateMachineForExecution({ executionArn })).definition, pass({ x: 1 }));
  assert.deepEqual((await service.listExecutions({ stateMachineArn: arn, statusFilter: 'SUCCEEDED' })).executions.map((x) => x.name), ['e1']);
});

test('StartExecution is idempotent while running with the same input, then the name is taken', async () => {
  const service2 = new StepFunctionsService({ handlers: stuck });
  const { stateMachineArn } = await service2.createStateMachine({ name: 'w', definition: STUCK, roleArn: ROLE });
  const first = await service2.startExecution({ stateMachineArn, name: 'e', input: '{}' });
  assert.deepEqual(await service2.startExecution({ stateMachineArn, name: 'e', input: '{}' }), first);
  await rejects(service2.startExecution({ stateMachineArn, name: 'e', input: '{"b":2}' }), 'ExecutionAlreadyExists', `Execution Already Exists: '${first.executionArn}'`);
  const { stopDate } = await service2.stopExecution({ executionArn: first.executionArn, error: 'E', cause: 'C' });
  assert.ok(stopDate instanceof Date);
  const stopped = await service2.describeExecution({ executionArn: first.executionArn });
  assert.equal(stopped.status, 'ABORTED');
  assert.equal(stopped.error, 'E');
  const history = (await service2.getExecutionHistory({ executionArn: first.executionArn, reverseOrder: true })).events;
  assert.equal(history[0].type, 'ExecutionAborted');
});

test('StartExecution refuses bad input, names and machines', async () => {
  const { service, arn } = await withMachine();
  await rejects(
    service.startExecution({ stateMachineArn: arn, input: "{'not': 'json'" }),
    'InvalidExecutionInput',
    "Invalid State Machine Execution Input: 'Unexpected character (''' (code 39)): was expecting double-quote to start field name'",
  );
  await rejects(service.startExecution({ stateMachineArn: arn, name: 'a/b' }), 'InvalidName', "Invalid Name: 'a/b'");
  await rejects(service.startExecution({ stateMachineArn: `${SM}:nope` }), 'StateMachineDoesNotExist', `State Machine Does Not Exist: '${SM}:nope'`);
  await rejects(service.describeExecution({ executionArn: 'arn:aws:states:us-east-1:123456789012:execution:m:nope' }), 'ExecutionDoesNotExist');
});

test('express machines: synchronous starts, and their executions are not describable', async () => {
  const { service, arn } = await withMachine(pass({ y: 2 }), 'EXPRESS');
  const sync = await service.startSyncExecution({ stateMachineArn: arn, input: '{}' });
  assert.equal(sync.status, 'SUCCEEDED');
  assert.equal(sync.output, '{"y":2}');
  assert.match(sync.executionArn, /^arn:aws:states:us-east-1:123456789012:express:m:/);
  const { executionArn } = await service.startExecution({ stateMachineArn: arn });
  await service.idle();
  await rejects(service.describeExecution({ executionArn }), 'InvalidArn', "Invalid Arn: 'Resource type not valid in this context: express'");
  await rejects(service.listExecutions({ stateMachineArn: arn }), 'StateMachineTypeNotSupported');
  const standard = await withMachine();
  await rejects(standard.service.startSyncExecution({ stateMachineArn: standard.arn }), 'StateMachineTypeNotSupported');
});

test('list paging: maxResults, nextToken, and tokens we never issued', async () => {
  const service = new StepFunctionsService();
  for (const name of ['a', 'b', 'c']) await service.createActivity({ name });
  const first = await service.listActivities({ maxResults: 2 });
  assert.deepEqual(first.activities.map((a) => a.name), ['a', 'b']);
  const second = await service.listActivities({ maxResults: 2, nextToken: first.nextToken });
  assert.deepEqual(second.activities.map((a) => a.name), ['c']);
  assert.equal(second.nextToken, undefined);
  await rejects(service.listActivities({ nextToken: 'garbage' }), 'InvalidToken', "Invalid Token: 'Invalid token'");
  await rejects(service.listActivities({ maxResults: 1001 }), 'ValidationException', "1 validation error detected: Value '1001' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 1000");
});

test('activities and task tokens', async () => {
  const service = new StepFunctionsService({ activityPollMs: 50 });
  const { activityArn } = await service.createActivity({ name: 'work' });
  assert.equal((await service.describeActivity({ activityArn })).name, 'work');
  assert.deepEqual(await service.getActivityTask({ activityArn }), {});
  await service.deleteActivity({ activityArn });
  await rejects(service.describeActivity({ activityArn }), 'ActivityDoesNotExist', `Activity Does Not Exist: '${activityArn}'`);
  await rejects(service.createActivity({ name: 'a"b' }), 'InvalidName', `Invalid Name: 'a"b'`);
  await rejects(service.sendTaskSuccess({ taskToken: 'unknown', output: '{}' }), 'InvalidToken');
  await rejects(service.sendTaskHeartbeat({ taskToken: '' }), 'ValidationException', /at 'taskToken' failed to satisfy constraint: Member must have length greater than or equal to 1/);
});

test('tags on state machines, not on versions', async () => {
  const { service, arn } = await withMachine();
  await service.tagResource({ resourceArn: arn, tags: [{ key: 'k', value: '1' }, { key: 'j', value: '2' }] });
  await service.tagResource({ resourceArn: arn, tags: [{ key: 'k', value: '3' }] });
  await service.untagResource({ resourceArn: arn, tagKeys: ['j'] });
  assert.deepEqual((await service.listTagsForResource({ resourceArn: arn })).tags, [{ key: 'k', value: '3' }]);
  await service.publishStateMachineVersion({ stateMachineArn: arn });
  await rejects(service.tagResource({ resourceArn: `${arn}:1`, tags: [{ key: 'k', value: 'v' }] }), 'ResourceNotFound', `Resource not found: '${arn}:1'`);
});

test('ValidateStateMachineDefinition reports without throwing', async () => {
  const service = new StepFunctionsService();
  assert.deepEqual(await service.validateStateMachineDefinition({ definition: pass() }), { result: 'OK', diagnostics: [], truncated: false });
  const bad = await service.validateStateMachineDefinition({ definition: '{"StartAt":"A"}' });
  assert.equal(bad.result, 'FAIL');
  assert.equal(bad.diagnostics[0].code, 'SCHEMA_VALIDATION_FAILED');
});

test('region and account are configurable', async () => {
  const service = new StepFunctionsService({ region: 'eu-west-1', account: '111111111111' });
  const { stateMachineArn } = await service.createStateMachine({ name: 'm', definition: pass(), roleArn: ROLE });
  assert.equal(stateMachineArn, 'arn:aws:states:eu-west-1:111111111111:stateMachine:m');
});
