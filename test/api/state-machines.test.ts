/** State machines, versions, aliases and tags through the AWS SDK, against a real server. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateStateMachineAliasCommand,
  CreateStateMachineCommand,
  DeleteStateMachineAliasCommand,
  DeleteStateMachineCommand,
  DeleteStateMachineVersionCommand,
  DescribeExecutionCommand,
  DescribeStateMachineAliasCommand,
  DescribeStateMachineCommand,
  ListStateMachineAliasesCommand,
  ListStateMachinesCommand,
  ListStateMachineVersionsCommand,
  ListTagsForResourceCommand,
  PublishStateMachineVersionCommand,
  StartExecutionCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateStateMachineAliasCommand,
  UpdateStateMachineCommand,
  ValidateStateMachineDefinitionCommand,
} from '@aws-sdk/client-sfn';
import { awsError, harness, pass, ROLE, SM } from './helpers.js';

const { client, server } = await harness();

test('create, describe, list, update and delete a state machine', async () => {
  const before = Date.now();
  const created = await client.send(new CreateStateMachineCommand({ name: 'orders', definition: pass(), roleArn: ROLE, tags: [{ key: 'team', value: 'a' }] }));
  assert.equal(created.stateMachineArn, `${SM}:orders`);
  assert.ok(created.creationDate instanceof Date);
  assert.ok(Math.abs(created.creationDate.getTime() - before) < 5000, 'creationDate is now, from epoch seconds');

  const described = await client.send(new DescribeStateMachineCommand({ stateMachineArn: created.stateMachineArn }));
  assert.equal(described.name, 'orders');
  assert.equal(described.definition, pass());
  assert.equal(described.roleArn, ROLE);
  assert.equal(described.type, 'STANDARD');
  assert.equal(described.status, 'ACTIVE');
  assert.equal(described.creationDate?.getTime(), created.creationDate.getTime(), 'milliseconds survive the wire');
  assert.deepEqual(described.loggingConfiguration, { level: 'OFF', includeExecutionData: false });

  // Creating the same machine again is idempotent; a different definition under the name is not.
  const again = await client.send(new CreateStateMachineCommand({ name: 'orders', definition: pass(), roleArn: ROLE, tags: [{ key: 'team', value: 'a' }] }));
  assert.equal(again.stateMachineArn, created.stateMachineArn);
  const taken = await awsError(client.send(new CreateStateMachineCommand({ name: 'orders', definition: pass(2), roleArn: ROLE })));
  assert.equal(taken.name, 'StateMachineAlreadyExists');
  assert.equal(taken.message, `State Machine Already Exists: '${SM}:orders'`);

  const updated = await client.send(new UpdateStateMachineCommand({ stateMachineArn: created.stateMachineArn, definition: pass('v2'), publish: true, versionDescription: 'second' }));
  assert.ok(updated.updateDate instanceof Date);
  assert.equal(updated.stateMachineVersionArn, `${SM}:orders:1`);
  assert.equal((await client.send(new DescribeStateMachineCommand({ stateMachineArn: created.stateMachineArn }))).definition, pass('v2'));
  assert.equal((await client.send(new DescribeStateMachineCommand({ stateMachineArn: `${SM}:orders:1` }))).description, 'second');
  const nothing = await awsError(client.send(new UpdateStateMachineCommand({ stateMachineArn: created.stateMachineArn })));
  assert.equal(nothing.name, 'MissingRequiredParameter');

  await client.send(new DeleteStateMachineCommand({ stateMachineArn: created.stateMachineArn }));
  const gone = await awsError(client.send(new DescribeStateMachineCommand({ stateMachineArn: created.stateMachineArn })));
  assert.deepEqual([gone.name, gone.status], ['StateMachineDoesNotExist', 400]);
});

test('list state machines page by page', async () => {
  for (const name of ['page-a', 'page-b', 'page-c']) await client.send(new CreateStateMachineCommand({ name, definition: pass(), roleArn: ROLE }));
  const names: string[] = [];
  let nextToken: string | undefined;
  let pages = 0;
  do {
    const page = await client.send(new ListStateMachinesCommand({ maxResults: 2, nextToken }));
    assert.ok((page.stateMachines ?? []).length <= 2);
    for (const m of page.stateMachines ?? []) {
      assert.ok(m.creationDate instanceof Date);
      names.push(m.name!);
    }
    nextToken = page.nextToken;
    pages++;
  } while (nextToken);
  assert.ok(pages >= 2);
  for (const name of ['page-a', 'page-b', 'page-c']) assert.ok(names.includes(name), name);
  const bad = await awsError(client.send(new ListStateMachinesCommand({ nextToken: 'not-a-token-we-issued' })));
  assert.equal(bad.name, 'InvalidToken');
});

test('invalid definitions are refused with AWS diagnostics; ValidateStateMachineDefinition reports them', async () => {
  const bad = JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Pass', Next: 'Nowhere' } } });
  const refused = await awsError(client.send(new CreateStateMachineCommand({ name: 'broken', definition: bad, roleArn: ROLE })));
  assert.equal(refused.name, 'InvalidDefinition');
  assert.match(refused.message, /^Invalid State Machine Definition: 'MISSING_TRANSITION_TARGET: Missing 'Next' target: Nowhere at \/States\/A\/Next, /);

  const ok = await client.send(new ValidateStateMachineDefinitionCommand({ definition: pass() }));
  assert.equal(ok.result, 'OK');
  assert.deepEqual(ok.diagnostics, []);
  const failed = await client.send(new ValidateStateMachineDefinitionCommand({ definition: bad }));
  assert.equal(failed.result, 'FAIL');
  assert.equal(failed.diagnostics?.[0].code, 'MISSING_TRANSITION_TARGET');
  assert.equal(failed.diagnostics?.[0].location, '/States/A/Next');
});

test('names and ARNs are checked as AWS checks them', async () => {
  const badName = await awsError(client.send(new CreateStateMachineCommand({ name: 'has space', definition: pass(), roleArn: ROLE })));
  assert.deepEqual([badName.name, badName.message], ['InvalidName', "Invalid Name: 'has space'"]);
  const longName = await awsError(client.send(new CreateStateMachineCommand({ name: 'x'.repeat(81), definition: pass(), roleArn: ROLE })));
  assert.equal(longName.name, 'ValidationException');
  assert.match(longName.message, /at 'name' failed to satisfy constraint: Member must have length less than or equal to 80/);
  const badArn = await awsError(client.send(new DescribeStateMachineCommand({ stateMachineArn: 'not_an_arn' })));
  assert.deepEqual([badArn.name, badArn.message], ['InvalidArn', "Invalid Arn: 'Invalid ARN prefix: not_an_arn'"]);
  const wrongType = await awsError(client.send(new DescribeStateMachineCommand({ stateMachineArn: 'arn:aws:states:us-east-1:123456789012:activity:a' })));
  assert.deepEqual([wrongType.name, wrongType.message], ['InvalidArn', "Invalid Arn: 'Resource type not valid in this context: activity'"]);
  const unknown = await awsError(client.send(new DescribeStateMachineCommand({ stateMachineArn: `${SM}:never-made` })));
  assert.deepEqual([unknown.name, unknown.message], ['StateMachineDoesNotExist', `State Machine Does Not Exist: '${SM}:never-made'`]);
});

test('versions and aliases: publish, route executions by weight, refuse deleting a routed version', async () => {
  const { stateMachineArn } = await client.send(new CreateStateMachineCommand({ name: 'versioned', definition: pass('one'), roleArn: ROLE, publish: true }));
  const v1 = `${stateMachineArn}:1`;
  await client.send(new UpdateStateMachineCommand({ stateMachineArn, definition: pass('two') }));
  const { stateMachineVersionArn: v2, creationDate } = await client.send(new PublishStateMachineVersionCommand({ stateMachineArn, description: 'two' }));
  assert.equal(v2, `${stateMachineArn}:2`);
  assert.ok(creationDate instanceof Date);
  const versions = await client.send(new ListStateMachineVersionsCommand({ stateMachineArn }));
  assert.deepEqual(versions.stateMachineVersions?.map((v) => v.stateMachineVersionArn), [v2, v1]);

  const weights = await awsError(client.send(new CreateStateMachineAliasCommand({ name: 'prod', routingConfiguration: [{ stateMachineVersionArn: v1, weight: 90 }] })));
  assert.deepEqual([weights.name, weights.message], ['ValidationException', 'Sum of routing configuration weights must equal 100. Received: [90]']);

  const { stateMachineAliasArn } = await client.send(
    new CreateStateMachineAliasCommand({ name: 'prod', description: 'canary', routingConfiguration: [{ stateMachineVersionArn: v1, weight: 100 }] }),
  );
  assert.equal(stateMachineAliasArn, `${stateMachineArn}:prod`);
  const alias = await client.send(new DescribeStateMachineAliasCommand({ stateMachineAliasArn }));
  assert.equal(alias.description, 'canary');
  assert.deepEqual(alias.routingConfiguration, [{ stateMachineVersionArn: v1, weight: 100 }]);
  assert.ok(alias.creationDate instanceof Date);

  // All of the traffic on version 2, then split: every execution names the alias and the version it drew.
  await client.send(new UpdateStateMachineAliasCommand({ stateMachineAliasArn, routingConfiguration: [{ stateMachineVersionArn: v2, weight: 100 }] }));
  const { executionArn } = await client.send(new StartExecutionCommand({ stateMachineArn: stateMachineAliasArn }));
  await server.service.idle();
  const run = await client.send(new DescribeExecutionCommand({ executionArn }));
  assert.equal(run.stateMachineAliasArn, stateMachineAliasArn);
  assert.equal(run.stateMachineVersionArn, v2);
  assert.equal(run.output, '"two"');

  await client.send(
    new UpdateStateMachineAliasCommand({ stateMachineAliasArn, routingConfiguration: [{ stateMachineVersionArn: v1, weight: 50 }, { stateMachineVersionArn: v2, weight: 50 }] }),
  );
  const drawn = new Set<string>();
  for (let i = 0; i < 40 && drawn.size < 2; i++) {
    const started = await client.send(new StartExecutionCommand({ stateMachineArn: stateMachineAliasArn }));
    await server.service.idle();
    drawn.add((await client.send(new DescribeExecutionCommand({ executionArn: started.executionArn }))).stateMachineVersionArn!);
  }
  assert.deepEqual([...drawn].sort(), [v1, v2]);

  const routed = await awsError(client.send(new DeleteStateMachineVersionCommand({ stateMachineVersionArn: v1 })));
  assert.deepEqual(
    [routed.name, routed.message],
    ['ConflictException', 'Version to be deleted must not be referenced by an alias. Current list of aliases referencing this version: [prod]'],
  );
  assert.deepEqual((await client.send(new ListStateMachineAliasesCommand({ stateMachineArn }))).stateMachineAliases?.map((a) => a.stateMachineAliasArn), [stateMachineAliasArn]);
  await client.send(new DeleteStateMachineAliasCommand({ stateMachineAliasArn }));
  await client.send(new DeleteStateMachineVersionCommand({ stateMachineVersionArn: v1 }));
  assert.deepEqual((await client.send(new ListStateMachineVersionsCommand({ stateMachineArn }))).stateMachineVersions?.map((v) => v.stateMachineVersionArn), [v2]);
  const noAlias = await awsError(client.send(new DescribeStateMachineAliasCommand({ stateMachineAliasArn })));
  assert.equal(noAlias.name, 'ResourceNotFound');
});

test('tags: add, overwrite, remove, list', async () => {
  const { stateMachineArn } = await client.send(new CreateStateMachineCommand({ name: 'tagged', definition: pass(), roleArn: ROLE }));
  await client.send(new TagResourceCommand({ resourceArn: stateMachineArn, tags: [{ key: 'k', value: '1' }, { key: 'j', value: '2' }] }));
  await client.send(new TagResourceCommand({ resourceArn: stateMachineArn, tags: [{ key: 'k', value: '3' }] }));
  await client.send(new UntagResourceCommand({ resourceArn: stateMachineArn, tagKeys: ['j'] }));
  assert.deepEqual((await client.send(new ListTagsForResourceCommand({ resourceArn: stateMachineArn }))).tags, [{ key: 'k', value: '3' }]);
  const missing = await awsError(client.send(new ListTagsForResourceCommand({ resourceArn: `${SM}:untagged-nothing` })));
  assert.equal(missing.name, 'ResourceNotFound');
});
