import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { errorMatches, findMatch, retryDelayMs } from './retry-policy.js';
import type { Retrier } from '../asl/compile.js';

describe('errorMatches', () => {
  const cases: [string[], string, boolean][] = [
    [['States.ALL'], 'Custom', true],
    [['States.ALL'], 'States.Timeout', true],
    [['States.ALL'], 'States.Runtime', false],
    [['States.ALL'], 'States.DataLimitExceeded', false],
    [['States.TaskFailed'], 'Lambda.Unknown', true],
    [['States.TaskFailed'], 'States.Timeout', false],
    [['States.Runtime'], 'States.Runtime', true],
    [['A', 'B'], 'B', true],
    [['A'], 'a', false],
  ];
  for (const [equals, error, expected] of cases) {
    it(`${JSON.stringify(equals)} vs ${error} → ${expected}`, () => assert.equal(errorMatches(equals, error), expected));
  }
  it('findMatch returns the first matching entry', () => {
    assert.equal(findMatch([{ errorEquals: ['X'] }, { errorEquals: ['States.ALL'] }], 'Y'), 1);
    assert.equal(findMatch([{ errorEquals: ['X'] }], 'Y'), -1);
  });
});

describe('retryDelayMs', () => {
  const r: Retrier = { errorEquals: ['States.ALL'], intervalSeconds: 2, maxAttempts: 5, backoffRate: 3, jitter: false };
  it('grows by BackoffRate', () => assert.deepEqual([0, 1, 2].map((a) => retryDelayMs(r, a, Math.random)), [2000, 6000, 18000]));
  it('is capped by MaxDelaySeconds', () => assert.equal(retryDelayMs({ ...r, maxDelaySeconds: 5 }, 2, Math.random), 5000));
  it('FULL jitter scales by the random draw', () => assert.equal(retryDelayMs({ ...r, jitter: true }, 1, () => 0.5), 3000));
});
