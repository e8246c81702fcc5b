/**
 * The lambda group's recorded cases whose expected values carry no run-to-run placeholders
 * (request ids, dates), run for real: Python functions in the process runtime, called by the
 * state machine. The full group, placeholders and all, is scored by `npm run conformance`.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import { groupOf, type ConformanceCase } from './case.js';
import { CASES_PATH, loadCases } from './cases-file.js';
import { runLambdaExecutionCase, runLambdaTestStateCase } from './lambda-cases.js';

const python = spawnSync('python3', ['--version']).status === 0;
const skip = !existsSync(CASES_PATH) ? 'no recorded cases' : !python ? 'python3 is not on the PATH' : undefined;

const exact = (c: ConformanceCase): boolean =>
  !(c.expected as { placeholders?: unknown }).placeholders && !(c as { snapshot_replacements?: { masks?: unknown } }).snapshot_replacements?.masks;

const cases = skip ? [] : loadCases().filter((c) => groupOf(c) === 'lambda' && exact(c));

test('the lambda group has exact cases to run', { skip }, () => {
  assert.ok(cases.length >= 10, `${cases.length}`);
});

for (const c of cases) {
  test(`lambda: ${c.id.split('::').slice(1).join('::')}`, async () => {
    const r = c.kind === 'test_state' ? await runLambdaTestStateCase(c) : await runLambdaExecutionCase(c);
    const e = c.expected as { status: string; output?: unknown; error?: unknown; cause?: unknown; nextState?: string };
    assert.equal(r.status, e.status, JSON.stringify(r));
    if (e.status === 'SUCCEEDED') assert.deepEqual(r.output, e.output);
    else assert.equal(r.error, e.error);
    if (c.kind === 'test_state' && e.nextState !== undefined) assert.equal(r.nextState, e.nextState);
  });
}
