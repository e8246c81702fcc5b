import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { StepFunctionsService } from '../service/service.js';
import { handleAwsJson, toWireJson } from './aws-json.js';
import { eventToWire } from './history-wire.js';

/** A service with one action, as a service may be while its actions are being written. */
const partial = {
  account: { partition: 'aws', region: 'eu-west-1', account: '111111111111' },
  listActivities: async () => ({ activities: [{ name: 'a', creationDate: new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 678)) }] }),
} as unknown as StepFunctionsService;

test('an action AWS has and the service lacks is UnsupportedOperationException; an unknown one is UnknownOperationException', async () => {
  const missing = await handleAwsJson({ service: partial }, 'AWSStepFunctions.RedriveExecution', '{"executionArn":"arn"}');
  assert.equal(missing.status, 400);
  assert.deepEqual(JSON.parse(missing.body), { __type: 'UnsupportedOperationException', message: 'Stepwise does not support the action RedriveExecution yet' });
  const unknown = await handleAwsJson({ service: partial }, 'AWSStepFunctions.listActivities', '{}');
  assert.equal(unknown.error?.type, 'UnknownOperationException', 'actions are named as AWS names them');
});

test('names every object has (constructor, valueOf, __proto__) are no actions: they never reach the service', async () => {
  for (const name of ['constructor', 'valueOf', 'toString', 'hasOwnProperty', '__proto__']) {
    const r = await handleAwsJson({ service: partial }, `AWSStepFunctions.${name}`, '{}');
    assert.deepEqual([r.status, r.error?.type, r.fault], [400, 'UnknownOperationException', undefined], name);
  }
});

test('an action the service has answers with its output, dates as epoch seconds', async () => {
  const r = await handleAwsJson({ service: partial }, 'AWSStepFunctions.ListActivities', '{}');
  assert.equal(r.status, 200);
  assert.equal(r.body, '{"activities":[{"name":"a","creationDate":1704164645.678}]}');
});

test('TestState runs in the service\'s region and account', async () => {
  const definition = JSON.stringify({ Type: 'Pass', Parameters: { 'region.$': '$$.StateMachine.Id' }, End: true });
  const r = await handleAwsJson({ service: partial }, 'AWSStepFunctions.TestState', JSON.stringify({ definition }));
  assert.equal(r.status, 200, r.body);
  assert.match(JSON.parse(r.body).output, /arn:aws:states:eu-west-1:111111111111:stateMachine:/);
});

test('toWireJson: the model\'s timestamp members become epoch seconds, whether Dates or ISO text; nothing else changes', () => {
  const at = new Date(Date.UTC(2024, 5, 1, 0, 0, 0, 5));
  assert.equal(
    toWireJson({ startDate: at, stopDate: undefined, events: [{ timestamp: at.toISOString(), name: '2024-06-01T00:00:00.005Z' }], output: '{"creationDate":"x"}' }),
    '{"startDate":1717200000.005,"events":[{"timestamp":1717200000.005,"name":"2024-06-01T00:00:00.005Z"}],"output":"{\\"creationDate\\":\\"x\\"}"}',
  );
});

test('history events carry payloads as JSON text, as GetExecutionHistory sends them', () => {
  const wire = eventToWire({
    id: 2,
    previousEventId: 1,
    timestamp: '2024-06-01T00:00:00.000Z',
    type: 'TaskScheduled',
    taskScheduledEventDetails: { resource: 'invoke', parameters: { FunctionName: 'f' }, region: 'us-east-1' },
    stateEnteredEventDetails: { name: 'S', input: 'text', inputDetails: { truncated: false } },
    taskFailedEventDetails: { error: 'E', cause: { errorMessage: 'm' } },
    executionSucceededEventDetails: { output: null },
  });
  assert.deepEqual(wire.taskScheduledEventDetails, { resource: 'invoke', parameters: '{"FunctionName":"f"}', region: 'us-east-1' });
  assert.deepEqual(wire.stateEnteredEventDetails, { name: 'S', input: '"text"', inputDetails: { truncated: false } });
  assert.deepEqual(wire.taskFailedEventDetails, { error: 'E', cause: '{"errorMessage":"m"}' });
  assert.deepEqual(wire.executionSucceededEventDetails, { output: 'null' });
});
