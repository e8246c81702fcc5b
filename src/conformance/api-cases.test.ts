import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import type { ConformanceCase } from './case.js';
import { runApiErrorCase } from './api-cases.js';

const CASES = new URL('../../../shared/conformance/cases.dev.jsonl', import.meta.url);

const pure: ConformanceCase[] = existsSync(CASES)
  ? readFileSync(CASES, 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as ConformanceCase)
      .filter((c) => c.kind === 'api_error' && c.operation !== 'test_state' && (c.needs ?? []).length === 0)
  : [];

for (const c of pure) {
  // The recorder found no error code for some boto3-side rejections; what boto3 raised is in `recorded`.
  const todo = c.expected.error_code === null ? 'recorded without an error code' : undefined;
  test(`${c.operation}: ${c.id.split('::').slice(1).join('::')}`, { todo }, async () => {
    const result = await runApiErrorCase(c);
    assert.ok(!('ok' in result), 'the call was accepted');
    assert.ok(!('skipped' in result), 'skipped' in result ? result.skipped : '');
    assert.equal(result.error_code, c.expected.error_code, result.message);
  });
}

test('test_state cases are left to the TestState runner', async () => {
  const result = await runApiErrorCase({ id: 'x', kind: 'api_error', category: 'test_state', definition: {}, input: null, operation: 'test_state', expected: {} });
  assert.ok('skipped' in result);
});
