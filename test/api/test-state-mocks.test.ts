/** TestState's mocks through the AWS SDK against a real server: results held to the API models, ItemReader data. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TestStateCommand } from '@aws-sdk/client-sfn';
import { awsError, harness } from './helpers.js';

const { client } = await harness();

const task = (resource: string): string => JSON.stringify({ Type: 'Task', Resource: resource, End: true });
const testState = (definition: string, mock: Record<string, unknown>) => client.send(new TestStateCommand({ definition, mock }));

test('a mocked result that breaks the API model is a ValidationException in AWS words', async () => {
  const e = await awsError(testState(task('arn:aws:states:::aws-sdk:s3:getObject'), { result: '{"StorageClass":"Papyrus"}' }));
  assert.deepEqual(e, { name: 'ValidationException', status: 400, message: "Mock result schema validation error: Field 'StorageClass' is not an expected value" });

  const nested = await awsError(testState(task('arn:aws:states:::events:putEvents'), { result: '{"Entries":[{"EventId":"a"},{"EventId":["b"]}]}' }));
  assert.equal(nested.message, "Mock result schema validation error: Field 'EventId' must be a string");
});

test('STRICT (the default) wants the required fields, PRESENT only checks those given, NONE nothing', async () => {
  const startExecution = task('arn:aws:states:::states:startExecution');
  const strict = await awsError(testState(startExecution, { result: '{"executionArn":"arn","startDate":"2025-01-01T00:00:00Z"}' }));
  assert.equal(strict.message, "Mock result schema validation error: Required field 'ExecutionArn' is missing");

  const present = await testState(startExecution, { result: '{"ExecutionArn":"arn"}', fieldValidationMode: 'PRESENT' });
  assert.deepEqual([present.status, JSON.parse(present.output!)], ['SUCCEEDED', { ExecutionArn: 'arn' }]);
  const wrongType = await awsError(testState(startExecution, { result: '{"StartDate":true}', fieldValidationMode: 'PRESENT' }));
  assert.equal(wrongType.message, "Mock result schema validation error: Field 'StartDate' must be a string");

  const none = await testState(startExecution, { result: '{"StartDate":true}', fieldValidationMode: 'NONE' });
  assert.equal(none.status, 'SUCCEEDED');
});

test('fields no API model knows pass, and results no model describes are not checked', async () => {
  const lambda = await testState(task('arn:aws:states:::lambda:invoke'), { result: '{"StatusCode":200,"pokemon":["pikachu"]}' });
  assert.deepEqual(JSON.parse(lambda.output!), { StatusCode: 200, pokemon: ['pikachu'] });
  const callback = await testState(task('arn:aws:states:::sqs:sendMessage.waitForTaskToken'), { result: '{"MessageId":42}' });
  assert.equal(callback.status, 'SUCCEEDED');
  const error = await testState(task('arn:aws:states:::lambda:invoke'), { errorOutput: { error: 'Boom', cause: 'why' } });
  assert.deepEqual([error.status, error.error, error.cause], ['FAILED', 'Boom', 'why']);
});

test("a Distributed Map's ItemReader reads mapItemReaderData", async () => {
  const definition = JSON.stringify({
    QueryLanguage: 'JSONata',
    StartAt: 'Each',
    States: {
      Each: {
        Type: 'Map',
        ItemReader: { Resource: 'arn:aws:states:::s3:getObject', ReaderConfig: { InputType: 'JSONL' }, Arguments: { Bucket: 'b', Key: 'k' } },
        ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' }, StartAt: 'P', States: { P: { Type: 'Pass', End: true } } },
        ToleratedFailurePercentage: 50,
        End: true,
      },
    },
  });
  const request = { definition, stateName: 'Each', input: '{}', mock: { result: '["a","b"]' } };
  const ok = await client.send(new TestStateCommand({ ...request, stateConfiguration: { mapItemReaderData: '{"n":1}\n{"n":2}\n{"n":3}\n' } }));
  assert.deepEqual([ok.status, JSON.parse(ok.output!)], ['SUCCEEDED', ['a', 'b']]);
  const over = await client.send(new TestStateCommand({ ...request, stateConfiguration: { mapItemReaderData: '{"n":1}\n{"n":2}\n{"n":3}\n', mapIterationFailureCount: 2 } }));
  assert.deepEqual([over.status, over.error], ['FAILED', 'States.ExceedToleratedFailureThreshold']);
  const missing = await awsError(client.send(new TestStateCommand(request)));
  assert.equal(missing.name, 'ValidationException');
});
