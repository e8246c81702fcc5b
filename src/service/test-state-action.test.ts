/**
 * The TestState call's request checks against the rejections recorded from AWS, then the checks
 * those recordings do not cover.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ConformanceCase } from '../conformance/case.js';
import { loadCases } from '../conformance/cases-file.js';
import { ServiceError } from './errors.js';
import { testStateAction } from './test-state-action.js';

type Case = ConformanceCase & { request: Record<string, unknown>; expected: { error_code: string; message: string } };

const cases = loadCases().filter((c): c is Case => c.kind === 'api_error' && c.operation === 'test_state');

const ROLE = 'arn:aws:iam::123456789012:role/TestRole';

/** The recordings drop `roleArn`: AWS's tests passed one, except the one about its absence. */
function requestOf(c: Case): Record<string, unknown> {
  const req: Record<string, unknown> = { ...c.request, definition: JSON.stringify(c.definition) };
  if (c.input !== null) req.input = JSON.stringify(c.input);
  if (!req.stateName && !c.id.includes('no_role_arn')) req.roleArn = ROLE;
  return req;
}

async function rejection(request: unknown): Promise<{ type: string; message: string }> {
  try {
    await testStateAction(request);
  } catch (e) {
    assert.ok(e instanceof ServiceError, String(e));
    return { type: e.type, message: e.message };
  }
  assert.fail('the request was accepted');
}

describe('TestState: requests AWS rejected', () => {
  for (const c of cases) {
    const name = c.id.split('::').slice(1).join('::');
    test(name, async () => {
      assert.deepEqual(await rejection(requestOf(c)), { type: c.expected.error_code, message: c.expected.message });
    });
  }
});

const pass = JSON.stringify({ Type: 'Pass', End: true });
const task = JSON.stringify({ Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: 'f' }, End: true });

describe('TestState request checks', () => {
  test('API model constraints, all reported at once', async () => {
    assert.deepEqual(await rejection({ definition: pass, inspectionLevel: 'VERBOSE', mock: { result: '{}', fieldValidationMode: 'LAX' } }), {
      type: 'ValidationException',
      message:
        "2 validation errors detected: Value 'VERBOSE' at 'inspectionLevel' failed to satisfy constraint: Member must satisfy enum value set: [INFO, DEBUG, TRACE]; " +
        "Value 'LAX' at 'mock.fieldValidationMode' failed to satisfy constraint: Member must satisfy enum value set: [STRICT, PRESENT, NONE]",
    });
    assert.equal((await rejection({})).message, "1 validation error detected: Value null at 'definition' failed to satisfy constraint: Member must not be null");
  });

  test('an invalid definition is InvalidDefinition with AWS diagnostics', async () => {
    const r = await rejection({ definition: JSON.stringify({ Type: 'Pass', Bogus: 1, End: true }) });
    assert.equal(r.type, 'InvalidDefinition');
    assert.match(r.message, /^Invalid State Machine Definition: /);
  });

  test('mock shape: one of result and errorOutput, and JSON', async () => {
    const both = await rejection({ definition: task, mock: { result: '{}', errorOutput: { error: 'E' } } });
    assert.equal(both.message, 'A test mock should have only one of the following fields: [result, errorOutput].');
    assert.equal((await rejection({ definition: task, mock: { result: '{nope' } })).message, 'Mocked result must be valid JSON');
  });

  test('a context needs a mock', async () => {
    const r = await rejection({ definition: task, roleArn: ROLE, context: '{"Execution":{}}' });
    assert.equal(r.type, 'ValidationException');
  });

  test('bad input is InvalidExecutionInput', async () => {
    assert.equal((await rejection({ definition: pass, input: '{oops' })).type, 'InvalidExecutionInput');
  });

  test('a valid request runs', async () => {
    const r = await testStateAction({ definition: task, mock: { result: '{"ok":true}' }, input: '{}' });
    assert.deepEqual(r, { status: 'SUCCEEDED', output: '{"ok":true}' });
  });
});
