/**
 * TestState against the calls recorded from AWS, then the semantics the recordings leave open.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { testState, TestStateRejected, type TestStateRequest, type TestStateResponse } from './test-state.js';
import { testStateRequest } from '../conformance/run-case.js';
import type { ConformanceCase } from '../conformance/case.js';
import { loadCases } from '../conformance/cases-file.js';

interface Case {
  id: string;
  kind: string;
  definition: unknown;
  input: unknown;
  needs: string[];
  test_state_request?: Omit<TestStateRequest, 'definition' | 'input'>;
  expected: { status: string; output?: unknown; error?: string; cause?: string; nextState?: string; placeholders?: string[] };
}

const cases = (loadCases() as unknown as Case[]).filter((c) => c.kind === 'test_state');

const ROLE = 'arn:aws:iam::123456789012:role/TestRole';
const ENV = { now: Date.parse('2026-01-01T00:00:00Z'), uuid: () => '00000000-0000-4000-8000-000000000000', random: () => 0.5 };


/** Recorded values hide run-specific parts behind placeholder tokens; a token matches anything. */
function matches(expected: unknown, actual: unknown, tokens: string[]): boolean {
  if (typeof expected === 'string' && tokens.includes(expected)) return true;
  if (typeof expected === 'string' && typeof actual === 'string') {
    const present = tokens.filter((t) => expected.includes(t));
    if (present.length === 0) return expected === actual;
    const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const parts = expected.split(new RegExp(`(${present.map(escape).join('|')})`));
    return new RegExp(`^${parts.map((p) => (present.includes(p) ? '[\\s\\S]*?' : escape(p))).join('')}$`).test(actual);
  }
  if (expected === null || typeof expected !== 'object') return expected === actual;
  if (actual === null || typeof actual !== 'object' || Array.isArray(expected) !== Array.isArray(actual)) return false;
  const e = expected as Record<string, unknown>;
  const a = actual as Record<string, unknown>;
  return Object.keys(e).length === Object.keys(a).length && Object.keys(e).every((k) => k in a && matches(e[k], a[k], tokens));
}

function assertRecorded(c: Case, r: TestStateResponse): void {
  const tokens = [...(c.expected.placeholders ?? [])].sort((x, y) => y.length - x.length);
  assert.equal(r.status, c.expected.status);
  const actual = { ...r, output: r.output === undefined ? undefined : JSON.parse(r.output) };
  for (const field of ['output', 'error', 'cause', 'nextState'] as const) {
    if (!(field in c.expected)) continue;
    assert.ok(matches(c.expected[field], actual[field], tokens), `${field}: ${JSON.stringify(actual[field])} ≠ ${JSON.stringify(c.expected[field])}`);
  }
}

describe('TestState: calls recorded from AWS', () => {
  for (const c of cases) {
    const name = c.id.split('::').slice(1).join('::');
    // A mocked Task calls nothing, whatever its integration; a recording that lost a value it mocked cannot be replayed.
    const skip =
      c.needs.length > 0 && !c.test_state_request?.mock
        ? `needs ${c.needs.join(', ')}`
        : JSON.stringify(c.test_state_request ?? {}).includes('<unresolved')
          ? 'the recording lost a value of the call (<unresolved:…>)'
          : false;
    if (skip) {
      test(name, { skip }, () => {});
      continue;
    }
    test(name, async () => assertRecorded(c, await testState(testStateRequest(c as unknown as ConformanceCase) as unknown as TestStateRequest, { env: ENV })));
  }
});

const run = (definition: object, extra: Partial<TestStateRequest> = {}): Promise<TestStateResponse> =>
  testState({ definition: JSON.stringify(definition), inspectionLevel: 'DEBUG', ...extra }, { env: ENV });

const lambdaTask = { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: 'f' } };

describe('TestState semantics', () => {
  test('Wait returns at once and names its Next', async () => {
    const r = await run({ Type: 'Wait', Seconds: 3600, Next: 'After' }, { input: '{"a":1}' });
    assert.deepEqual({ status: r.status, output: r.output, nextState: r.nextState }, { status: 'SUCCEEDED', output: '{"a":1}', nextState: 'After' });
  });

  test('a Choice without a match fails with States.NoChoiceMatched', async () => {
    const r = await run({ Type: 'Choice', Choices: [{ Variable: '$.x', NumericEquals: 1, Next: 'One' }] }, { input: '{"x":2}' });
    assert.equal(r.status, 'FAILED');
    assert.equal(r.error, 'States.NoChoiceMatched');
  });

  test('Assign shows in inspectionData.variables, seeded variables included', async () => {
    const r = await run({ Type: 'Pass', Assign: { 'b.$': '$.v' }, End: true }, { input: '{"v":2}', variables: '{"a":1}' });
    assert.deepEqual(JSON.parse(r.inspectionData!.variables!), { a: 1, b: 2 });
  });

  test('retry backoff: IntervalSeconds × BackoffRate^retrierRetryCount, capped by MaxDelaySeconds', async () => {
    const task = { ...lambdaTask, End: true, Retry: [{ ErrorEquals: ['Boom'], IntervalSeconds: 2, BackoffRate: 3, MaxAttempts: 5, MaxDelaySeconds: 10 }] };
    const mock = { errorOutput: { error: 'Boom', cause: 'c' } };
    const second = await run(task, { mock, stateConfiguration: { retrierRetryCount: 1 } });
    assert.deepEqual(second.inspectionData!.errorDetails, { retryIndex: 0, retryBackoffIntervalSeconds: 6 });
    const capped = await run(task, { mock, stateConfiguration: { retrierRetryCount: 3 } });
    assert.equal(capped.inspectionData!.errorDetails!.retryBackoffIntervalSeconds, 10);
  });

  test('an exhausted Retrier falls through to the Catcher; JSONPath ResultPath places the error', async () => {
    const task = {
      ...lambdaTask,
      End: true,
      Retry: [{ ErrorEquals: ['States.ALL'], MaxAttempts: 1 }],
      Catch: [{ ErrorEquals: ['Boom'], ResultPath: '$.err', Next: 'Handle' }],
    };
    const r = await run(task, { input: '{"k":1}', mock: { errorOutput: { error: 'Boom', cause: 'c' } }, stateConfiguration: { retrierRetryCount: 1 } });
    assert.equal(r.status, 'CAUGHT_ERROR');
    assert.equal(r.nextState, 'Handle');
    assert.deepEqual(JSON.parse(r.output!), { k: 1, err: { Error: 'Boom', Cause: 'c' } });
    assert.deepEqual(r.inspectionData!.errorDetails, { retryIndex: 0, catchIndex: 0 });
  });

  test('States.Runtime is not caught by States.ALL', async () => {
    const task = { ...lambdaTask, InputPath: '$.missing', End: true, Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Handle' }] };
    const r = await run(task, { mock: { result: '{}' } });
    assert.equal(r.status, 'FAILED');
    assert.equal(r.error, 'States.Runtime');
  });

  test('a Map fails when more iterations failed than it tolerates, and not without a threshold', async () => {
    const map = { Type: 'Map', ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }, End: true };
    const input = '[1,2,3,4]';
    const mock = { result: '[1,2,3,4]' };
    const over = await run({ ...map, ToleratedFailurePercentage: 25 }, { input, mock, stateConfiguration: { mapIterationFailureCount: 2 } });
    assert.equal(over.error, 'States.ExceedToleratedFailureThreshold');
    const within = await run({ ...map, ToleratedFailurePercentage: 50 }, { input, mock, stateConfiguration: { mapIterationFailureCount: 2 } });
    assert.equal(within.status, 'SUCCEEDED');
    const untold = await run(map, { input, mock, stateConfiguration: { mapIterationFailureCount: 2 } });
    assert.equal(untold.status, 'SUCCEEDED');
    await assert.rejects(run(map, { input, mock, stateConfiguration: { mapIterationFailureCount: 5 } }), TestStateRejected);
  });

  test("a Map's ItemReader reads its items from mapItemReaderData", async () => {
    const map = {
      Type: 'Map',
      ItemReader: { Resource: 'arn:aws:states:::s3:getObject', ReaderConfig: { InputType: 'CSV', MaxItems: 2 }, Parameters: { Bucket: 'b', Key: 'k' } },
      ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' }, StartAt: 'P', States: { P: { Type: 'Pass', End: true } } },
      ToleratedFailureCount: 0,
      End: true,
    };
    const data = 'id,name\n1,a\n2,b\n3,c\n';
    const r = await run(map, { input: '{"Bucket":"b"}', mock: { result: '[1,2]' }, stateConfiguration: { mapItemReaderData: data } });
    assert.equal(r.status, 'SUCCEEDED');
    assert.deepEqual(JSON.parse(r.inspectionData!.afterItemsPath!), [
      { id: '1', name: 'a' },
      { id: '2', name: 'b' },
    ]);
    // Failures are counted against the items read, not the state's input.
    const failed = await run(map, { input: '{}', mock: { result: '[1]' }, stateConfiguration: { mapItemReaderData: data, mapIterationFailureCount: 1 } });
    assert.equal(failed.error, 'States.ExceedToleratedFailureThreshold');
    await assert.rejects(run(map, { input: '{}', mock: { result: '[]' } }), (e: unknown) => e instanceof TestStateRejected && e.type === 'ValidationException');
  });

  test('INFO carries no inspectionData', async () => {
    const r = await run({ Type: 'Pass', End: true }, { inspectionLevel: 'INFO' });
    assert.equal(r.inspectionData, undefined);
  });

  test('an unmocked Task runs through the invoker', async () => {
    const r = await testState(
      { definition: JSON.stringify({ ...lambdaTask, Next: 'N' }), roleArn: ROLE, input: '{}' },
      { env: ENV, invoker: async (req) => ({ ok: true, output: { got: req.input } }) },
    );
    assert.deepEqual({ status: r.status, output: JSON.parse(r.output!), nextState: r.nextState }, { status: 'SUCCEEDED', output: { got: { FunctionName: 'f' } }, nextState: 'N' });
  });
});
