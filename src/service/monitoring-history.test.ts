import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HistoryEvent } from '../engine/history.js';
import { loadDefinition, runExecution } from '../index.js';
import { HistoryTracker } from './monitoring-history.js';

const named = (name: string): Error => Object.assign(new Error(name), { name });

async function historyOf(definition: object, handlers: Record<string, (input: unknown, context: { retryCount: number }) => unknown>): Promise<HistoryEvent[]> {
  const result = await runExecution(loadDefinition(definition), { input: {}, handlers, skipWaits: true });
  return result.history;
}

describe('history tracker', () => {
  it('places task failures and retries in their states, inside Parallel branches too', async () => {
    const parallel = (next: object) => ({
      StartAt: 'P',
      States: {
        P: {
          Type: 'Parallel',
          Branches: [
            { StartAt: 'Pay', States: { Pay: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:pay', Retry: [{ ErrorEquals: ['Busy'], MaxAttempts: 3 }], End: true } } },
            { StartAt: 'Ship', States: { Ship: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:ship', End: true } } },
          ],
          ...next,
        },
        Check: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:check', End: true },
      },
    });
    const retried = await historyOf(parallel({ Next: 'Check' }), {
      Pay: (_input, context) => {
        if (context.retryCount < 1) throw named('Busy');
        return 1;
      },
      Ship: () => 2,
      Check: () => {
        throw named('Invalid');
      },
    });
    // Check's failure fails the execution: counted once, where it happened.
    assert.deepEqual(new HistoryTracker().observe('e', retried).map((i) => [i.kind, i.stateName, i.error]), [
      ['failure', 'Pay', 'Busy'],
      ['retry', 'Pay', 'Busy'],
      ['failure', 'Check', 'Invalid'],
    ]);
    const branchFailed = await historyOf(parallel({ Next: 'Check' }), {
      Pay: () => 1,
      Ship: () => {
        throw named('Lost');
      },
      Check: () => 3,
    });
    assert.ok(branchFailed.some((e) => e.type === 'ParallelStateFailed'));
    assert.deepEqual(new HistoryTracker().observe('e', branchFailed).map((i) => [i.kind, i.stateName, i.error]), [['failure', 'Ship', 'Lost']]);
  });

  it('counts a retried task once per failure and once per retry, and a Fail state as a failure of its own', async () => {
    const history = await historyOf(
      {
        StartAt: 'Pay',
        States: {
          Pay: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:pay', Retry: [{ ErrorEquals: ['Busy'], MaxAttempts: 2 }], Next: 'Refuse' },
          Refuse: { Type: 'Fail', Error: 'Refused', Cause: 'policy' },
        },
      },
      { Pay: (_input, context) => (context.retryCount < 2 ? Promise.reject(named('Busy')) : 1) },
    );
    const tracker = new HistoryTracker();
    // Fed a step at a time, as commits come.
    const incidents = [history.slice(0, 4), history.slice(4, 9), history.slice(9)].flatMap((events) => tracker.observe('e', events));
    assert.deepEqual(incidents.map((i) => [i.kind, i.stateName, i.error]), [
      ['failure', 'Pay', 'Busy'],
      ['retry', 'Pay', 'Busy'],
      ['failure', 'Pay', 'Busy'],
      ['retry', 'Pay', 'Busy'],
      ['failure', 'Refuse', 'Refused'],
    ]);
    assert.equal(incidents[0].at, Date.parse(history.find((e) => e.type === 'LambdaFunctionFailed')!.timestamp));
  });

  it('knows an execution from its first event on, or once it has seen it; forgets it when told', () => {
    const tracker = new HistoryTracker();
    const event = (id: number): HistoryEvent => ({ id, previousEventId: id - 1, timestamp: new Date(0).toISOString(), type: 'PassStateEntered', stateEnteredEventDetails: { name: 'P' } });
    assert.equal(tracker.knows('e', [event(5)]), false);
    assert.equal(tracker.knows('e', [event(1)]), true);
    tracker.observe('e', [event(1)]);
    assert.equal(tracker.knows('e', [event(5)]), true);
    assert.equal(tracker.size, 1);
    tracker.forget('e');
    assert.equal(tracker.size, 0);
  });
});
