import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MemoryStore } from '../../store/memory-store.js';
import { Monitoring } from '../../service/monitoring.js';
import { event, execution, machine, step } from '../../store/store.contract.fixtures.js';
import { QueryParams } from './http.js';
import { metrics, prometheus } from './metrics.js';

const HOUR = 3_600_000;
const NOW = Date.UTC(2025, 5, 1, 12, 0, 0);
const params = (query: string) => new QueryParams(new URLSearchParams(query));

describe('console metrics', () => {
  const monitoring = new Monitoring({ store: new MemoryStore() });

  it('defaults to the last day, in buckets that keep the series short', () => {
    const day = metrics(monitoring, params(''), NOW);
    assert.equal(day.series.length, 25);
    assert.equal(day.series[0].t, NOW - 24 * HOUR);
    assert.equal(metrics(monitoring, params(`from=${NOW - HOUR}&to=${NOW}`), NOW).series.length, 61);
    assert.equal(metrics(monitoring, params(`from=${NOW - 30 * 24 * HOUR}&to=${NOW}`), NOW).series.length, 31);
    assert.throws(() => metrics(monitoring, params(`from=0&to=${NOW}&bucket=minute`), NOW), /at most 5000 points/);
    assert.throws(() => metrics(monitoring, params('bucket=week'), NOW), /'bucket' must be one of minute, hour, day/);
  });

  it('writes Prometheus text with escaped labels, every family typed once', () => {
    const e = execution(machine('Orders'), 'e1');
    const events = [
      event(1, 'ExecutionStarted'),
      event(2, 'TaskStateEntered', { stateEnteredEventDetails: { name: 'Say "hi"\\n' } }),
      event(3, 'LambdaFunctionFailed', { lambdaFunctionFailedEventDetails: { error: 'E\nrror' } }),
    ];
    monitoring.committed(step(e, 1, { events }));
    const text = prometheus(monitoring);
    assert.match(text, /^# HELP stepwise_executions_started_total Executions started\.\n# TYPE stepwise_executions_started_total counter\n/);
    assert.ok(text.includes('stepwise_state_failures_total{state_machine="Orders",state="Say \\"hi\\"\\\\n",error="E\\nrror"} 1\n'));
    for (const family of ['stepwise_executions_started_total', 'stepwise_execution_duration_seconds', 'stepwise_state_retries_total']) {
      assert.equal(text.split('\n').filter((l) => l === `# TYPE ${family} ${family.endsWith('seconds') ? 'histogram' : 'counter'}`).length, 1, family);
    }
    assert.ok(text.endsWith('\n'));
  });
});
