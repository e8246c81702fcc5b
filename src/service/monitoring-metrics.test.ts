import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MetricsAggregator, summarize } from './monitoring-metrics.js';

const M = 'arn:aws:states:us-east-1:123456789012:stateMachine:M';
const N = 'arn:aws:states:us-east-1:123456789012:stateMachine:N';
const DAY = 86_400_000;
const T = Date.UTC(2025, 0, 1, 10, 0, 0);

describe('metrics aggregator', () => {
  it('takes nearest-rank percentiles of durations', () => {
    assert.deepEqual(summarize([]), { p50: 0, p90: 0, p99: 0, count: 0 });
    assert.deepEqual(summarize([5]), { p50: 5, p90: 5, p99: 5, count: 1 });
    const hundred = Array.from({ length: 100 }, (_, i) => 100 - i);
    assert.deepEqual(summarize(hundred), { p50: 50, p90: 90, p99: 99, count: 100 });
    assert.deepEqual(summarize([10, 1000, 20, 30]), { p50: 20, p90: 1000, p99: 1000, count: 4 });
  });

  it('counts per minute and merges minutes into hours, zero-filled, per machine or all', () => {
    const m = new MetricsAggregator(30 * DAY);
    m.started(M, T + 5_000);
    m.started(M, T + 65_000);
    m.started(N, T + 3_600_000);
    m.ended(M, 'SUCCEEDED', T + 70_000, 65_000);
    m.ended(M, 'TIMED_OUT', T + 3_599_999, 100);
    m.ended(M, 'RUNNING', T + 80_000, 1); // not an ending: ignored
    const minutes = m.query({ stateMachineArn: M, from: T, to: T + 179_999, bucket: 'minute' });
    assert.deepEqual(minutes.series, [
      { t: T, started: 1, succeeded: 0, failed: 0, timedOut: 0, aborted: 0 },
      { t: T + 60_000, started: 1, succeeded: 1, failed: 0, timedOut: 0, aborted: 0 },
      { t: T + 120_000, started: 0, succeeded: 0, failed: 0, timedOut: 0, aborted: 0 },
    ]);
    assert.deepEqual(minutes.duration, { p50: 65_000, p90: 65_000, p99: 65_000, count: 1 });
    const hours = m.query({ from: T + 1_800_000, to: T + 3_600_000, bucket: 'hour' });
    assert.deepEqual(hours.series.map((p) => [p.t, p.started, p.timedOut]), [[T, 0, 1], [T + 3_600_000, 1, 0]]);
    assert.equal(m.query({ from: T, to: T + DAY, bucket: 'day' }).series[0].t, Date.UTC(2025, 0, 1));
  });

  it('ranks hotspots by failures then retries, each with its most frequent errors and an example', () => {
    const m = new MetricsAggregator(30 * DAY);
    const fail = (state: string, error: string, arn: string) => m.incident(M, 'failure', state, error, T, arn);
    fail('Pay', 'Timeout', 'e1');
    fail('Pay', 'Timeout', 'e2');
    m.incident(M, 'retry', 'Pay', 'Timeout', T, 'e2');
    fail('Pay', 'Declined', 'e3');
    fail('Ship', 'Lost', 'e4');
    m.incident(M, 'retry', 'Notify', 'Busy', T, 'e5');
    for (const e of ['A', 'B', 'C', 'D', 'E', 'F']) fail('Many', `E${e}`, e);
    const { hotspots } = m.query({ from: T, to: T, bucket: 'minute' });
    assert.deepEqual(hotspots.map((h) => [h.stateName, h.failures, h.retries]), [['Many', 6, 0], ['Pay', 3, 1], ['Ship', 1, 0], ['Notify', 0, 1]]);
    assert.deepEqual(hotspots[1].topErrors, [
      { error: 'Timeout', count: 2, exampleExecutionArn: 'e2' },
      { error: 'Declined', count: 1, exampleExecutionArn: 'e3' },
    ]);
    assert.equal(hotspots[0].topErrors.length, 5);
    assert.deepEqual(hotspots[3].topErrors, [], 'retried, never failed');
    const totals = m.allTotals().get(M)!;
    assert.equal(totals.states.get('Pay')!.errors.get('Timeout')!.retries, 1);
  });

  it('forgets minutes older than its retention, keeping the running totals', () => {
    const m = new MetricsAggregator(2 * DAY);
    m.started(M, T);
    m.started(M, T + 3 * DAY);
    assert.equal(m.query({ from: T - DAY, to: T + 4 * DAY, bucket: 'day' }).series.reduce((n, p) => n + p.started, 0), 1);
    assert.equal(m.allTotals().get(M)!.started, 2);
  });

  it('fills the duration histogram cumulatively, with its sum and count', () => {
    const m = new MetricsAggregator(DAY);
    m.ended(M, 'SUCCEEDED', T, 40);
    m.ended(M, 'FAILED', T, 2_000);
    m.ended(M, 'ABORTED', T, 7 * DAY);
    const t = m.allTotals().get(M)!;
    assert.deepEqual([t.succeeded, t.failed, t.aborted, t.durationCount, t.durationSum], [1, 1, 1, 3, 0.04 + 2 + 7 * 86_400]);
    assert.equal(t.durationBuckets[1], 1, 'le 0.05');
    assert.equal(t.durationBuckets[6], 2, 'le 2.5');
    assert.equal(t.durationBuckets.at(-2), 2, 'le 86400');
    assert.equal(t.durationBuckets.at(-1), 3, '+Inf');
  });
});
