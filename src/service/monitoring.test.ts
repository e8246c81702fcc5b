import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HistoryEvent } from '../engine/history.js';
import { MemoryStore } from '../store/memory-store.js';
import { date, event, execution, machine, step } from '../store/store.contract.fixtures.js';
import { Monitoring, type LiveEvent } from './monitoring.js';

const m = machine('Orders');
const entered = (id: number, name: string, previous = id - 1): HistoryEvent => ({ ...event(id, 'TaskStateEntered', { stateEnteredEventDetails: { name } }), previousEventId: previous });
const failed = (id: number, error: string): HistoryEvent => event(id, 'LambdaFunctionFailed', { lambdaFunctionFailedEventDetails: { error, cause: '' } });
const scheduled = (id: number): HistoryEvent => event(id, 'LambdaFunctionScheduled');
const range = { from: date(-60_000).getTime(), to: date(60_000).getTime(), bucket: 'hour' as const };

describe('monitoring', () => {
  it('passes each commit on to listeners: its history events, and status changes', () => {
    const faults: string[] = [];
    const monitoring = new Monitoring({ store: new MemoryStore(), log: (message) => faults.push(message) });
    const seen: LiveEvent[] = [];
    let closed = 0;
    monitoring.subscribe({
      event: () => {
        throw new Error('a broken listener harms nobody else');
      },
      close: () => closed++,
    });
    const stop = monitoring.subscribe({ event: (e) => seen.push(e), close: () => closed++ });
    const e = execution(m, 'e1');
    monitoring.committed(step(e, 1, { events: [event(1, 'ExecutionStarted'), entered(2, 'Pay')] }));
    monitoring.committed(step(e, 2, { events: [] }));
    monitoring.committed(step(e, 3, { events: [scheduled(3)] }));
    const done = { ...e, status: 'SUCCEEDED' as const, stopDate: date(500) };
    monitoring.committed(step(done, 4, { events: [event(4, 'ExecutionSucceeded')], snapshot: null }));
    assert.deepEqual(seen.map((x) => x.type), ['history', 'execution', 'history', 'history', 'execution']);
    assert.deepEqual(seen[1].data, { executionArn: e.executionArn, stateMachineArn: m.arn, status: 'RUNNING', startDate: date(10).getTime() });
    assert.deepEqual(seen[4].data, { executionArn: e.executionArn, stateMachineArn: m.arn, status: 'SUCCEEDED', startDate: date(10).getTime(), stopDate: date(500).getTime() });
    assert.deepEqual(seen[2].data, { executionArn: e.executionArn, events: [scheduled(3)] });
    stop();
    monitoring.committed(step(e, 5, { events: [event(5, 'ExecutionRedriven')] }));
    assert.equal(seen.length, 5);
    assert.equal(faults.length, 7, 'the broken listener got every event, the redrive too');
    assert.equal(monitoring.subscribers, 1);
    monitoring.close();
    assert.deepEqual([closed, monitoring.subscribers], [1, 0]);

    const { series, duration } = monitoring.query(range);
    assert.deepEqual([series.reduce((n, p) => n + p.started, 0), series.reduce((n, p) => n + p.succeeded, 0)], [1, 1]);
    assert.deepEqual(duration, { p50: 490, p90: 490, p99: 490, count: 1 });
  });

  it('reads the earlier history of an execution met mid-way before placing its failures', async () => {
    const store = new MemoryStore();
    const e = execution(m, 'e2');
    await store.appendHistory(e.executionArn, [event(1, 'ExecutionStarted'), entered(2, 'Charge'), scheduled(3), failed(4, 'Busy'), scheduled(5)]);
    const monitoring = new Monitoring({ store });
    // As after a restart: the tracker never saw events 1-5.
    monitoring.committed(step(e, 6, { events: [failed(6, 'Busy')] }));
    monitoring.committed(step(e, 7, { events: [scheduled(7)] }));
    await monitoring.settled();
    const [hotspot] = monitoring.query(range).hotspots;
    assert.deepEqual([hotspot.stateName, hotspot.failures, hotspot.retries], ['Charge', 1, 1]);
  });

  it('loads from the store in the background: executions over the retention window, hotspots from failed histories; commits meanwhile wait', async () => {
    const store = new MemoryStore();
    const now = date(0).getTime();
    const failedRun = execution(m, 'f', { status: 'FAILED', startDate: date(-1000), stopDate: date(-400) });
    for (const e of [failedRun, execution(m, 'r'), execution(m, 'old', { startDate: date(-40 * 86_400_000), status: 'SUCCEEDED', stopDate: date(-40 * 86_400_000 + 5) })]) await store.putExecution(e);
    await store.appendHistory(failedRun.executionArn, [event(1, 'ExecutionStarted'), entered(2, 'Charge'), scheduled(3), failed(4, 'Declined'), event(5, 'ExecutionFailed', { executionFailedEventDetails: { error: 'Declined' } })]);
    const monitoring = new Monitoring({ store, now: () => now });
    const live: LiveEvent[] = [];
    monitoring.subscribe({ event: (e) => live.push(e), close: () => {} });
    monitoring.start();
    monitoring.committed(step(execution(m, 'new'), 1, { events: [event(1, 'ExecutionStarted')] }));
    assert.deepEqual(live.map((e) => e.type), ['history', 'execution'], 'the live feed does not wait for the load');
    await monitoring.ready();
    const result = monitoring.query(range);
    assert.deepEqual(
      ['started', 'failed', 'succeeded'].map((k) => result.series.reduce((n, p) => n + p[k as 'started'], 0)),
      [3, 1, 0],
    );
    assert.deepEqual(result.duration.count, 1);
    assert.deepEqual(result.hotspots, [{ stateName: 'Charge', failures: 1, retries: 0, topErrors: [{ error: 'Declined', count: 1, exampleExecutionArn: failedRun.executionArn }] }]);
    assert.equal(monitoring.totals().get(m.arn)!.started, 3, 'the execution older than the retention is left out');
  });
});
