import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MockConfigError, parseMockConfig, selectTestCase } from './mock-config.js';

// The example from the AWS guide "Configuration file for mocked service integrations".
const awsExample = {
  StateMachines: {
    LambdaSQSIntegration: {
      TestCases: {
        HappyPath: { LambdaState: 'MockedLambdaSuccess', SQSState: 'MockedSQSSuccess' },
        RetryPath: { LambdaState: 'MockedLambdaRetry', SQSState: 'MockedSQSSuccess' },
        HybridPath: { LambdaState: 'MockedLambdaSuccess' },
      },
    },
  },
  MockedResponses: {
    MockedLambdaSuccess: { '0': { Return: { StatusCode: 200, Payload: { StatusCode: 200, body: 'Hello from Lambda!' } } } },
    MockedSQSSuccess: { '0': { Return: { MessageId: 'm-1' } } },
    MockedLambdaRetry: {
      '0': { Throw: { Error: 'Lambda.ResourceNotReadyException', Cause: 'Lambda resource is not ready.' } },
      '1-2': { Throw: { Error: 'Lambda.TimeoutException', Cause: 'Lambda timed out.' } },
      '3': { Return: { StatusCode: 200, Payload: { StatusCode: 200, body: 'Hello from Lambda!' } } },
    },
  },
};

test('responses follow the invocation numbering, ranges inclusive', () => {
  const retry = selectTestCase(parseMockConfig(awsExample), 'RetryPath', 'LambdaSQSIntegration');
  assert.deepEqual(retry.responseFor('LambdaState', 0), {
    Throw: { Error: 'Lambda.ResourceNotReadyException', Cause: 'Lambda resource is not ready.' },
  });
  assert.deepEqual(retry.responseFor('LambdaState', 1), { Throw: { Error: 'Lambda.TimeoutException', Cause: 'Lambda timed out.' } });
  assert.deepEqual(retry.responseFor('LambdaState', 2), { Throw: { Error: 'Lambda.TimeoutException', Cause: 'Lambda timed out.' } });
  assert.deepEqual(retry.responseFor('LambdaState', 3), {
    Return: { StatusCode: 200, Payload: { StatusCode: 200, body: 'Hello from Lambda!' } },
  });
  assert.deepEqual(retry.responseFor('SQSState', 0), { Return: { MessageId: 'm-1' } });
});

test('states the test case does not mention are not mocked', () => {
  const hybrid = selectTestCase(parseMockConfig(awsExample), 'HybridPath');
  assert.equal(hybrid.responseFor('SQSState', 0), undefined);
  assert.equal(hybrid.machineName, 'LambdaSQSIntegration');
});

test('an invocation past the last mocked response fails the task with States.Runtime', () => {
  const happy = selectTestCase(parseMockConfig(awsExample), 'HappyPath');
  const outcome = happy.responseFor('LambdaState', 1);
  assert.ok(outcome && 'Throw' in outcome);
  assert.equal(outcome.Throw.Error, 'States.Runtime');
  assert.match(outcome.Throw.Cause, /invocation 1/);
});

test('an unknown machine name falls back to the machine that owns the test case', () => {
  assert.equal(selectTestCase(parseMockConfig(awsExample), 'HappyPath', 'order').machineName, 'LambdaSQSIntegration');
});

const rejects: [string, unknown, RegExp][] = [
  ['not an object', [], /must be a JSON object/],
  ['TestCases missing', { StateMachines: { M: {} } }, /StateMachines\.M\.TestCases must be a JSON object/],
  ['response name not a string', { StateMachines: { M: { TestCases: { C: { S: 1 } } } } }, /must be the name of a mocked response/],
  ['both Return and Throw', { MockedResponses: { R: { '0': { Return: 1, Throw: {} } } } }, /exactly one of 'Return' or 'Throw'/],
  ['neither Return nor Throw', { MockedResponses: { R: { '0': {} } } }, /exactly one of 'Return' or 'Throw'/],
  ['Throw without Cause', { MockedResponses: { R: { '0': { Throw: { Error: 'E' } } } } }, /'Error' and 'Cause'/],
  ['bad key', { MockedResponses: { R: { first: { Return: 1 } } } }, /invocation key 'first'/],
  ['reversed range', { MockedResponses: { R: { '0': { Return: 1 }, '3-1': { Return: 1 } } } }, /ends before it starts/],
  ['gap', { MockedResponses: { R: { '0': { Return: 1 }, '2': { Return: 2 } } } }, /'2' starts at 2 but 1 was expected/],
  ['not from 0', { MockedResponses: { R: { '1': { Return: 1 } } } }, /starts at 1 but 0 was expected/],
  ['overlap', { MockedResponses: { R: { '0-1': { Return: 1 }, '1': { Return: 2 } } } }, /starts at 1 but 2 was expected/],
  ['empty response', { MockedResponses: { R: {} } }, /at least invocation "0"/],
];
for (const [name, json, message] of rejects) {
  test(`parseMockConfig rejects: ${name}`, () => {
    assert.throws(() => parseMockConfig(json), (e: unknown) => e instanceof MockConfigError && message.test(e.message));
  });
}

test('selectTestCase explains unknown cases and dangling response names', () => {
  const config = parseMockConfig(awsExample);
  assert.throws(() => selectTestCase(config, 'SadPath'), /Unknown mock test case 'SadPath' \(known: LambdaSQSIntegration#HappyPath/);
  const dangling = parseMockConfig({ StateMachines: { M: { TestCases: { C: { S: 'Nope' } } } } });
  assert.throws(() => selectTestCase(dangling, 'C'), /unknown mocked response 'Nope'/);
  const twice = parseMockConfig({ StateMachines: { A: { TestCases: { C: {} } }, B: { TestCases: { C: {} } } } });
  assert.throws(() => selectTestCase(twice, 'C'), /several state machines \(A, B\)/);
  assert.equal(selectTestCase(twice, 'C', 'B').machineName, 'B');
  assert.throws(() => selectTestCase(config, 'SadPath', 'LambdaSQSIntegration'), /no mock test case 'SadPath' \(known: HappyPath, RetryPath, HybridPath\)/);
});
