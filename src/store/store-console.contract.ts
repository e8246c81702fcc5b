/**
 * The console's half of the store contract: executions of every machine searched and paged,
 * counted, timed for metrics; history ranges; the task tokens still waiting.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { activityArnFor, date, event, execution, machine, step, token, work } from './store.contract.fixtures.js';
import type { WithStore } from './store.contract.js';
import type { ExecutionRecord, ExecutionSearch, ExecutionSummary, Store } from './store.js';

const [m, other] = [machine('Orders'), machine('Refunds')];
const all: ExecutionRecord[] = [
  execution(m, 'order-A1', { startDate: date(100), status: 'SUCCEEDED', stopDate: date(150) }),
  execution(m, 'order-b2', { startDate: date(300), status: 'FAILED', stopDate: date(900), stateMachineVersionArn: `${m.arn}:1`, redriveCount: 2 }),
  execution(m, 'Order-C3', { startDate: date(300) }),
  execution(other, 'refund-a1', { startDate: date(200), status: 'FAILED', stopDate: date(250) }),
  execution(other, 'refund-b2', { startDate: date(500) }),
  execution(m, 'order-d4', { startDate: date(400), status: 'ABORTED', stopDate: date(450) }),
];
const names = (page: ExecutionSummary[]): string[] => page.map((e) => e.name);

export function consoleContract<S extends Store>(withStore: WithStore<S>): void {
  describe('console reads', () => {
    const withExecutions = (test: (store: S) => Promise<void>) =>
      withStore(async (store) => {
        for (const e of all) await store.putExecution(e);
        await test(store);
      });

    it('searches every machine\'s executions newest first, as summaries without payloads', withExecutions(async (store) => {
      const page = await store.searchExecutions({ limit: 100 });
      assert.deepEqual(names(page), ['refund-b2', 'order-d4', 'order-b2', 'Order-C3', 'refund-a1', 'order-A1']);
      const { input: _input, machine: _machine, ...summary } = all[1];
      assert.deepEqual(page[2], summary);
      assert.equal('stopDate' in page[3] || 'stateMachineVersionArn' in page[3] || 'input' in page[3], false);
    }));

    it('filters by machine, status, name (ASCII case folded) and start dates, and counts the same', withExecutions(async (store) => {
      const cases: [Omit<ExecutionSearch, 'limit'>, string[]][] = [
        [{ stateMachineArn: m.arn }, ['order-d4', 'order-b2', 'Order-C3', 'order-A1']],
        [{ status: 'FAILED' }, ['order-b2', 'refund-a1']],
        [{ stateMachineArn: other.arn, status: 'FAILED' }, ['refund-a1']],
        [{ nameContains: 'ORDER-' }, ['order-d4', 'order-b2', 'Order-C3', 'order-A1']],
        [{ nameContains: 'a1' }, ['refund-a1', 'order-A1']],
        [{ nameContains: '%' }, []],
        [{ from: date(200).getTime(), to: date(400).getTime() }, ['order-d4', 'order-b2', 'Order-C3', 'refund-a1']],
        [{ stateMachineArn: m.arn, status: 'RUNNING', nameContains: 'c3', from: date(300).getTime() }, ['Order-C3']],
        [{ stateMachineArn: `${m.arn}x` }, []],
      ];
      for (const [filter, expected] of cases) {
        assert.deepEqual(names(await store.searchExecutions({ ...filter, limit: 100 })), expected, JSON.stringify(filter));
        assert.equal(await store.countExecutions(filter), expected.length, JSON.stringify(filter));
      }
    }));

    it('pages from a cursor (inclusive), ARN descending within a millisecond', withExecutions(async (store) => {
      const seen: string[] = [];
      let cursor: ExecutionSearch['cursor'];
      for (;;) {
        const page = await store.searchExecutions({ limit: 3, ...(cursor && { cursor }) });
        seen.push(...names(page.slice(0, 2)));
        if (page.length < 3) break;
        cursor = { startDate: page[2].startDate, executionArn: page[2].executionArn };
      }
      assert.deepEqual(seen, ['refund-b2', 'order-d4', 'order-b2', 'Order-C3', 'refund-a1', 'order-A1']);
      const filtered = await store.searchExecutions({ stateMachineArn: m.arn, limit: 10, cursor: { startDate: date(300), executionArn: all[1].executionArn } });
      assert.deepEqual(names(filtered), ['order-b2', 'Order-C3', 'order-A1']);
      assert.deepEqual(await store.searchExecutions({ limit: 0 }), []);
    }));

    it('lists when executions started and stopped, from a date on', withExecutions(async (store) => {
      const times = (await store.listExecutionTimes(date(300).getTime())).sort((a, b) => a.startDate - b.startDate || a.status.localeCompare(b.status));
      assert.deepEqual(times, [
        { stateMachineArn: m.arn, executionArn: all[1].executionArn, status: 'FAILED', startDate: date(300).getTime(), stopDate: date(900).getTime() },
        { stateMachineArn: m.arn, executionArn: all[2].executionArn, status: 'RUNNING', startDate: date(300).getTime() },
        { stateMachineArn: m.arn, executionArn: all[5].executionArn, status: 'ABORTED', startDate: date(400).getTime(), stopDate: date(450).getTime() },
        { stateMachineArn: other.arn, executionArn: all[4].executionArn, status: 'RUNNING', startDate: date(500).getTime() },
      ]);
    }));

    it('reads a range of an execution\'s history by position', withStore(async (store) => {
      const arn = all[0].executionArn;
      const events = [1, 2, 3, 4, 5, 6, 7].map((id) => event(id, 'PassStateEntered', { stateEnteredEventDetails: { name: `S${id}`, input: { id } } }));
      // Appended as steps append them, a few at a time: ranges within and across appends.
      await store.appendHistory(arn, events.slice(0, 4));
      await store.appendHistory(arn, events.slice(4, 5));
      await store.appendHistory(arn, events.slice(5));
      assert.deepEqual(await store.getHistoryRange(arn, 2, 3), events.slice(1, 3));
      assert.deepEqual(await store.getHistoryRange(arn, 4, 6), events.slice(3, 6));
      assert.deepEqual(await store.getHistoryRange(arn, 5, 5), events.slice(4, 5));
      assert.deepEqual(await store.getHistoryRange(arn, 6, 9), events.slice(5));
      assert.deepEqual(await store.getHistoryRange(arn, 8, 9), []);
      assert.deepEqual(await store.getHistoryRange(all[1].executionArn, 1, 4), []);
    }));

    it('lists the tokens still waiting in running executions, with the work item still queued for them', withStore(async (store) => {
      const [running, ended] = [execution(m, 'running'), execution(m, 'ended')];
      const queued = work(running.executionArn, 'k1', 'activity', 5, { activityArn: activityArnFor('review') });
      const [t1, t2, t3] = ['k1', 'k2', 'k3'].map((k) => token(running.executionArn, k, { taskId: k }));
      await store.commitSteps([step(running, 1, { addWork: [queued], tokens: [t1, t2, t3] })]);
      await store.commitSteps([step(running, 2, { tokens: [{ ...t3, status: 'SUCCEEDED', output: '{}' }] })]);
      const stale = token(ended.executionArn, 'k9', { taskId: 'k9' });
      await store.commitSteps([step(ended, 1, { tokens: [stale] })]);
      await store.commitSteps([step({ ...ended, status: 'ABORTED', stopDate: date(99) }, 2, { snapshot: null })]);

      const waiting = (await store.listWaitingTokens()).sort((a, b) => a.token.token.localeCompare(b.token.token));
      assert.deepEqual(waiting.map((w) => w.token), [t1, t2]);
      assert.deepEqual(waiting[0].execution, { executionArn: running.executionArn, stateMachineArn: m.arn, name: 'running' });
      assert.deepEqual(waiting[0].work, queued);
      assert.equal(waiting[1].work, undefined);
      assert.deepEqual(JSON.parse(waiting[1].snapshot), { v: 2, frames: [{ state: 'P' }] });
    }));
  });
}
