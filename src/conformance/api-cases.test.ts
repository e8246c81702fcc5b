import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import type { ConformanceCase } from './case.js';
import { runApiErrorCase } from './api-cases.js';
import { CASES_PATH as CASES } from './cases-file.js';

const pure: ConformanceCase[] = existsSync(CASES)
  ? readFileSync(CASES, 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as ConformanceCase)
      .filter((c) => c.kind === 'api_error' && c.operation !== 'test_state' && (c.needs ?? []).length === 0)
  : [];

/** boto3's own refusal (the call never reached AWS): recorded as its text, or as its exception object. */
function boto3Refusal(c: ConformanceCase): string | undefined {
  const recorded = c.expected.recorded as string | { exception_typename?: string; exception_value?: string } | undefined;
  if (typeof recorded === 'string') return recorded.startsWith('Parameter validation failed') ? recorded : undefined;
  return recorded?.exception_typename === 'ParamValidationError' ? recorded.exception_value : undefined;
}

// Its test passed None for definition and roleArn; the recorded request dropped both, so a replay cannot send them.
const LOST_NONE_PARAMETERS = 'test_create_update_state_machine_base_update_none::null_required_parameter';

for (const c of pure) {
  const refusal = boto3Refusal(c);
  const todo = c.id.endsWith(LOST_NONE_PARAMETERS) ? 'the recorded request lost the None parameters' : undefined;
  test(`${c.operation}: ${c.id.split('::').slice(1).join('::')}`, { todo }, async () => {
    const result = await runApiErrorCase(c);
    assert.ok(!('ok' in result), 'the call was accepted');
    assert.ok(!('skipped' in result), 'skipped' in result ? result.skipped : '');
    if (refusal === undefined) {
      assert.equal(result.error_code, c.expected.error_code, result.message);
    } else {
      // No request was sent, so there is no service error code: only boto3's message.
      assert.deepEqual(result, { error_code: null, message: refusal });
    }
  });
}

test('test_state cases are left to the TestState runner', async () => {
  const result = await runApiErrorCase({ id: 'x', kind: 'api_error', category: 'test_state', definition: {}, input: null, operation: 'test_state', expected: {} });
  assert.ok('skipped' in result);
});
