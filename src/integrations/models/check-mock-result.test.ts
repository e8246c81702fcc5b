import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { checkMockResult } from './check-mock-result.js';
import { loadServiceModel } from './load-service-model.js';

const error = (text: string): string => `Mock result schema validation error: ${text}`;

test('every shipped model loads, and every reference in it names a shape it holds', async () => {
  const dir = fileURLToPath(new URL('../../../../src/integrations/models/data/', import.meta.url));
  const names = readdirSync(dir).map((f) => f.replace(/\.json\.gz$/, ''));
  assert.ok(names.length >= 15, `only ${names.length} models`);
  for (const name of names) {
    const model = await loadServiceModel(name);
    assert.ok(model, name);
    const refs = [
      ...Object.values(model.operations),
      ...Object.values(model.shapes).flatMap((s) => [...Object.values(s.members ?? {}), s.member, s.value].filter((r) => r !== undefined)),
    ];
    for (const ref of refs) assert.ok(ref.startsWith('#') || model.shapes[ref], `${name}: ${ref}`);
  }
});

test('a model is read once', async () => {
  assert.equal(await loadServiceModel('s3'), await loadServiceModel('s3'));
});

test('services without a model, and unsafe names, have none', async () => {
  assert.equal(await loadServiceModel('nosuchservice'), undefined);
  assert.equal(await loadServiceModel('../data/s3'), undefined);
  assert.equal(await checkMockResult('arn:aws:states:::aws-sdk:nosuchservice:doIt', { x: 1 }, 'STRICT'), undefined);
  assert.equal(await checkMockResult('arn:aws:states:::aws-sdk:s3:noSuchAction', { x: 1 }, 'STRICT'), undefined);
});

test("real models: the checks AWS makes on the recorded integrations' mocks", async () => {
  assert.equal(await checkMockResult('arn:aws:states:::lambda:invoke', { StatusCode: '200' }, 'STRICT'), error("Field 'StatusCode' must be a number"));
  assert.equal(await checkMockResult('arn:aws:states:::lambda:invoke', { pokemon: ['pikachu'] }, 'STRICT'), undefined);
  assert.equal(
    await checkMockResult('arn:aws:states:::aws-sdk:lambda:getFunction', { Configuration: { MemorySize: 127 } }, 'STRICT'),
    error("Field 'MemorySize' is less than the minimum value"),
  );
  assert.equal(
    await checkMockResult('arn:aws:states:::dynamodb:putItem', { ConsumedCapacity: { CapacityUnits: '123.45' } }, 'PRESENT'),
    error("Field 'CapacityUnits' must be a number"),
  );
  assert.equal(await checkMockResult('arn:aws:states:::dynamodb:putItem', { SdkHttpMetadata: { HttpStatusCode: 200 } }, 'STRICT'), undefined);
  assert.equal(await checkMockResult('arn:aws:states:::aws-sdk:s3:getObject', { StorageClass: 'Papyrus' }, 'STRICT'), error("Field 'StorageClass' is not an expected value"));
  assert.equal(await checkMockResult('arn:aws:states:::aws-sdk:kms:encrypt', { CiphertextBlob: '' }, 'STRICT'), error("Field 'CiphertextBlob' is smaller than the minimum length"));
  assert.equal(await checkMockResult('arn:aws:states:::events:putEvents', { Entries: 'x' }, 'PRESENT'), error("Field 'Entries' must be an array"));
  assert.equal(await checkMockResult('arn:aws:states:::states:startExecution', {}, 'STRICT'), error("Required field 'ExecutionArn' is missing"));
  assert.equal(await checkMockResult('arn:aws:states:::states:startExecution', {}, 'PRESENT'), undefined);
  assert.equal(await checkMockResult('arn:aws:states:::states:startExecution', { StartDate: 1 }, 'NONE'), undefined);
});

test('.sync:2 returns the child execution input and output as JSON, .sync as text', async () => {
  const described = { ExecutionArn: 'arn', StateMachineArn: 'arn', Status: 'SUCCEEDED', StartDate: '2025-01-01T00:00:00Z', Output: { a: 1 } };
  assert.equal(await checkMockResult('arn:aws:states:::states:startExecution.sync:2', described, 'STRICT'), undefined);
  assert.equal(await checkMockResult('arn:aws:states:::states:startExecution.sync', described, 'STRICT'), error("Field 'Output' must be a string"));
  assert.equal(
    await checkMockResult('arn:aws:states:::states:startExecution.sync', { ...described, Status: 'DONE', Output: '{}' }, 'STRICT'),
    error("Field 'Status' is not an expected value"),
  );
});

test('results no model describes are not checked', async () => {
  assert.equal(await checkMockResult('arn:aws:states:::sqs:sendMessage.waitForTaskToken', { MessageId: 1 }, 'STRICT'), undefined);
  assert.equal(await checkMockResult('arn:aws:lambda:us-east-1:123456789012:function:f', 'any', 'STRICT'), undefined);
});
