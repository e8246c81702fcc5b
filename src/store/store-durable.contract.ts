/**
 * The durable half of the store contract: steps committed whole or not at all, state versions,
 * leased work items, and (for stores with data beyond their object) sharing and restarts.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { activityArnFor, alias, date, event, execution, machine, stateOf, step, token, version, work } from './store.contract.fixtures.js';
import type { ContractOptions, WithStore } from './store.contract.js';
import { StaleStateError, type ClaimOptions, type Store, type WorkItem } from './store.js';

const m = machine('Durable');
const [a, b, c] = ['a', 'b', 'c'].map((name) => execution(m, name));
const claim = (owner: string, now: number, extra: Partial<ClaimOptions> = {}): ClaimOptions => ({ owner, now, leaseMs: 1000, limit: 10, kinds: ['timer', 'task'], ...extra });
const ids = (items: (WorkItem | undefined)[]): (string | undefined)[] => items.map((w) => w?.id);
const isStale = (arn: string) => (e: unknown) => e instanceof StaleStateError && e.executionArn === arn;

export function durableContract<S extends Store>(withStore: WithStore<S>, options: ContractOptions<S>): void {
  const { openAgain } = options;
  const needsSecondHandle = openAgain ? {} : { skip: 'the store keeps its data in its own object: no second handle on it, nothing survives close' };

  describe('commitSteps', () => {
    it('commits a first step at version 1 and each later one at the next version', withStore(async (store) => {
      const timer = work(a.executionArn, 'wait', 'timer', 500);
      const t = token(a.executionArn, 'cb', { taskId: 'task-1' });
      await store.commitSteps([step(a, 1, { events: [event(1, 'ExecutionStarted'), event(2, 'WaitStateEntered')], addWork: [timer], tokens: [t] })]);
      assert.deepEqual(await store.getExecution(a.executionArn), a);
      assert.deepEqual(await store.getExecutionState(a.executionArn), stateOf(a, 1));
      assert.deepEqual(await store.listRunningExecutionArns(), [a.executionArn]);
      assert.deepEqual(await store.getTaskToken(t.token), t);
      assert.equal(await store.nextWorkDue(['timer']), 500);

      const task = work(a.executionArn, 'task-1', 'task', 600);
      const later = { ...a, redriveCount: 1 };
      const done = { ...t, status: 'SUCCEEDED' as const, output: '{"x":1}' };
      await store.commitSteps([step(later, 2, { events: [event(3, 'WaitStateExited')], removeWork: [timer.id], addWork: [task], tokens: [done] })]);
      assert.deepEqual(await store.getExecution(a.executionArn), later);
      assert.equal((await store.getExecutionState(a.executionArn))?.version, 2);
      assert.deepEqual((await store.getHistory(a.executionArn)).map((e) => e.id), [1, 2, 3]);
      assert.deepEqual(await store.getTaskToken(t.token), done);
      assert.deepEqual(ids(await store.claimWork(claim('w', 10_000, { kinds: ['timer', 'task'] }))), [task.id]);
      assert.equal(await store.getExecutionState(b.executionArn), undefined);
    }));

    it("commits a Distributed Map's child executions with the parent's step, listed by Map Run", withStore(async (store) => {
      const mapRunArn = `${m.arn.replace(':stateMachine:', ':mapRun:')}/Batch:run-1`;
      const children = ['c1', 'c2', 'c3'].map((name, i) =>
        execution(m, name, { executionArn: `${a.executionArn.replace(/:a$/, '')}/Batch:${name}`, stateMachineArn: `${m.arn}/Batch`, mapRunArn, startDate: date(i) }),
      );
      const [c1, c2, c3] = children;
      await store.commitSteps([step(a, 1, {
        events: [event(1, 'ExecutionStarted')],
        children: [
          { executionArn: c1.executionArn, started: c1, events: [event(1, 'ExecutionStarted'), event(2, 'PassStateEntered')] },
          { executionArn: c2.executionArn, started: { ...c2, status: 'SUCCEEDED', output: '2', stopDate: date(5) }, events: [event(1, 'ExecutionStarted'), event(2, 'ExecutionSucceeded')] },
        ],
      })]);
      const ended = { status: 'FAILED' as const, error: 'E', cause: 'C', stopDate: date(9) };
      await store.commitSteps([step(a, 2, {
        events: [event(2, 'MapRunFailed')],
        children: [
          { executionArn: c1.executionArn, ended, events: [event(3, 'ExecutionFailed')] },
          { executionArn: c3.executionArn, started: c3, events: [event(1, 'ExecutionStarted')] },
        ],
      })]);
      assert.deepEqual(await store.getExecution(c1.executionArn), { ...c1, ...ended });
      assert.deepEqual((await store.getHistory(c1.executionArn)).map((e) => e.type), ['ExecutionStarted', 'PassStateEntered', 'ExecutionFailed']);
      assert.deepEqual((await store.getHistory(a.executionArn)).map((e) => e.type), ['ExecutionStarted', 'MapRunFailed']);
      const page = await store.listMapRunExecutionsPage(mapRunArn, { limit: 2 });
      assert.deepEqual(page.map((e) => e.executionArn), [c3.executionArn, c2.executionArn]);
      assert.deepEqual(page[1], { ...c2, status: 'SUCCEEDED', output: '2', stopDate: date(5) });
      const from = { startDate: c1.startDate, executionArn: c1.executionArn };
      assert.deepEqual((await store.listMapRunExecutionsPage(mapRunArn, { limit: 2, from })).map((e) => e.name), ['c1']);
      assert.deepEqual((await store.listMapRunExecutionsPage(mapRunArn, { limit: 5, statusFilter: 'FAILED' })).map((e) => e.name), ['c1']);
      assert.deepEqual(await store.listMapRunExecutionsPage(`${mapRunArn}x`, { limit: 5 }), []);
      assert.deepEqual((await store.listExecutionsPage(m.arn, { limit: 5 })).map((e) => e.name), ['a']);
    }));

    it('rejects a step that skips or repeats a version with StaleStateError, changing nothing', withStore(async (store) => {
      await assert.rejects(store.commitSteps([step(a, 2)]), isStale(a.executionArn));
      assert.equal(await store.getExecution(a.executionArn), undefined);
      await store.commitSteps([step(a, 1, { events: [event(1, 'ExecutionStarted')], addWork: [work(a.executionArn, 'w', 'timer', 5)] })]);
      for (const v of [1, 3, 0]) {
        const changed = { ...a, status: 'FAILED' as const };
        await assert.rejects(store.commitSteps([step(changed, v, { events: [event(2, 'ExecutionFailed')], removeWork: [`${a.executionArn}|w`] })]), isStale(a.executionArn));
      }
      assert.deepEqual(await store.getExecution(a.executionArn), a);
      assert.deepEqual(await store.getExecutionState(a.executionArn), stateOf(a, 1));
      assert.deepEqual(await store.getHistory(a.executionArn), [event(1, 'ExecutionStarted')]);
      assert.equal(await store.nextWorkDue(['timer']), 5);
    }));

    it('writes nothing of a batch when one of its commits is stale', withStore(async (store) => {
      await store.commitSteps([step(a, 1, { events: [event(1, 'ExecutionStarted')] })]);
      const batch = [
        step(b, 1, { events: [event(1, 'ExecutionStarted')], addWork: [work(b.executionArn, 'w', 'task', 1)], tokens: [token(b.executionArn, 'tb')] }),
        step({ ...a, status: 'SUCCEEDED' }, 2, { snapshot: null, events: [event(2, 'ExecutionSucceeded')] }),
        step(c, 2),
      ];
      await assert.rejects(store.commitSteps(batch), isStale(c.executionArn));
      assert.equal(await store.getExecution(b.executionArn), undefined);
      assert.deepEqual(await store.getHistory(b.executionArn), []);
      assert.equal(await store.getExecutionState(b.executionArn), undefined);
      assert.equal(await store.getTaskToken('token-tb'), undefined);
      assert.equal(await store.nextWorkDue(['task']), undefined);
      assert.deepEqual(await store.getExecution(a.executionArn), a);
      assert.deepEqual(await store.getHistory(a.executionArn), [event(1, 'ExecutionStarted')]);
      assert.deepEqual(await store.listRunningExecutionArns(), [a.executionArn]);

      // A stale first commit sinks the later good ones just the same.
      await assert.rejects(store.commitSteps([step(a, 1), step(b, 1)]), isStale(a.executionArn));
      assert.equal(await store.getExecution(b.executionArn), undefined);
      assert.equal((await store.getExecutionState(a.executionArn))?.version, 1);
    }));

    it('leaves the execution row unwritten by a later step that does not change it', withStore(async (store) => {
      await store.commitSteps([step(a, 1, { executionChanged: false })]);
      assert.deepEqual(await store.getExecution(a.executionArn), a, 'a first step writes the row whatever it says');
      await store.commitSteps([step({ ...a, name: 'not written' }, 2, { executionChanged: false, events: [event(1, 'ExecutionStarted')] })]);
      assert.deepEqual(await store.getExecution(a.executionArn), a);
      assert.equal((await store.getExecutionState(a.executionArn))?.version, 2);
      const failed = { ...a, status: 'FAILED' as const, error: 'E', cause: 'C', stopDate: date(50) };
      await store.commitSteps([step(failed, 3, { executionChanged: true })]);
      assert.deepEqual(await store.getExecution(a.executionArn), failed);
    }));

    it('commits two steps of one execution in one batch, in order', withStore(async (store) => {
      await store.commitSteps([
        step(a, 1, { events: [event(1, 'ExecutionStarted')], addWork: [work(a.executionArn, 'w', 'timer', 5)] }),
        step(a, 2, { events: [event(2, 'PassStateEntered')], removeWork: [`${a.executionArn}|w`] }),
      ]);
      assert.equal((await store.getExecutionState(a.executionArn))?.version, 2);
      assert.deepEqual((await store.getHistory(a.executionArn)).map((e) => e.type), ['ExecutionStarted', 'PassStateEntered']);
      assert.equal(await store.nextWorkDue(['timer']), undefined);
    }));

    it('ends an execution with a null snapshot: its version stays as a tombstone, the execution no longer running', withStore(async (store) => {
      await store.commitSteps([step(a, 1), step(b, 1)]);
      const succeeded = { ...a, status: 'SUCCEEDED' as const, output: '"done"', stopDate: date(99) };
      await store.commitSteps([step(succeeded, 2, { snapshot: null, events: [event(1, 'ExecutionSucceeded')] })]);
      assert.deepEqual(await store.getExecutionState(a.executionArn), stateOf(a, 2, true));
      assert.deepEqual(await store.listRunningExecutionArns(), [b.executionArn]);
      assert.deepEqual(await store.getExecution(a.executionArn), succeeded);
      // Two nodes can never both end an execution: the second end is stale.
      await assert.rejects(store.commitSteps([step({ ...a, status: 'FAILED' }, 2, { snapshot: null })]), isStale(a.executionArn));
      await assert.rejects(store.commitSteps([step(a, 1)]), isStale(a.executionArn));
      assert.deepEqual(await store.getExecution(a.executionArn), succeeded);
      await store.commitSteps([step(succeeded, 3, { snapshot: null, tokens: [token(a.executionArn, 'late', { status: 'FAILED' })] })]);
      assert.equal((await store.getTaskToken('token-late'))?.status, 'FAILED');
      // A redrive carries on from the tombstone's version.
      await store.commitSteps([step({ ...a, redriveCount: 1 }, 4)]);
      assert.deepEqual(await store.getExecutionState(a.executionArn), stateOf(a, 4));
      assert.deepEqual((await store.listRunningExecutionArns()).sort(), [a.executionArn, b.executionArn].sort());
      await store.commitSteps([]);
      assert.equal((await store.getExecutionState(a.executionArn))?.version, 4);
    }));
  });

  describe('work items', () => {
    it('claims due items of the given kinds, earliest first, up to the limit, leased and counted', withStore(async (store) => {
      const items = [
        work(a.executionArn, 't2', 'timer', 300),
        work(a.executionArn, 't1', 'timer', 100),
        work(a.executionArn, 'k1', 'task', 200),
        work(a.executionArn, 'future', 'timer', 1000),
        work(a.executionArn, 'act', 'activity', 50, { activityArn: activityArnFor('x') }),
      ];
      await store.commitSteps([step(a, 1, { addWork: items })]);
      const first = await store.claimWork(claim('w1', 500, { limit: 2 }));
      assert.deepEqual(first, [
        { ...items[1], leaseOwner: 'w1', leaseUntil: 1500, attempts: 1 },
        { ...items[2], leaseOwner: 'w1', leaseUntil: 1500, attempts: 1 },
      ]);
      assert.deepEqual(ids(await store.claimWork(claim('w2', 500))), [items[0].id]);
      assert.deepEqual(await store.claimWork(claim('w2', 999)), []);
      assert.deepEqual(ids(await store.claimWork(claim('w2', 1000, { kinds: ['task'] }))), []);
      assert.deepEqual(ids(await store.claimWork(claim('w2', 1000, { kinds: ['timer'], limit: 0 }))), []);
      assert.deepEqual(ids(await store.claimWork(claim('w2', 1000, { kinds: ['timer'] }))), [items[3].id]);
    }));

    it('never gives two claimers the same unexpired item', withStore(async (store) => {
      const items = Array.from({ length: 20 }, (_, i) => work(a.executionArn, `k${i}`, 'task', i));
      await store.commitSteps([step(a, 1, { addWork: items })]);
      const claimed: string[] = [];
      for (let round = 0; round < 4; round++) {
        const got = await Promise.all(['x', 'y'].map((owner) => store.claimWork(claim(owner, 100, { limit: 3, leaseMs: 60_000 }))));
        claimed.push(...got.flat().map((w) => w.id));
      }
      assert.equal(claimed.length, 20);
      assert.deepEqual([...claimed].sort(), items.map((w) => w.id).sort());
    }));

    it('lets a lapsed lease be claimed again, counting attempts, behind items that were ready before it lapsed', withStore(async (store) => {
      const x = work(a.executionArn, 'x', 'task', 100);
      await store.commitSteps([step(a, 1, { addWork: [x] })]);
      assert.deepEqual(ids(await store.claimWork(claim('w1', 100, { leaseMs: 100 }))), [x.id]);
      assert.deepEqual(await store.claimWork(claim('w2', 199)), []);
      assert.deepEqual(await store.claimWork(claim('w2', 200, { leaseMs: 100 })), [{ ...x, leaseOwner: 'w2', leaseUntil: 300, attempts: 2 }]);
      // x lapses again at 300; y, due at 250, was ready first and goes first.
      const y = work(a.executionArn, 'y', 'task', 250);
      await store.commitSteps([step(a, 2, { addWork: [y] })]);
      assert.deepEqual(ids(await store.claimWork(claim('w3', 400, { limit: 1 }))), [y.id]);
      assert.deepEqual(await store.claimWork(claim('w3', 400)), [{ ...x, leaseOwner: 'w3', leaseUntil: 1400, attempts: 3 }]);
    }));

    it('deletes removed items and replaces an item added again under its id', withStore(async (store) => {
      const [x, y] = [work(a.executionArn, 'x', 'timer', 10), work(a.executionArn, 'y', 'timer', 20)];
      await store.commitSteps([step(a, 1, { addWork: [x, y] })]);
      await store.claimWork(claim('w', 20, { leaseMs: 10_000 }));
      await store.commitSteps([step(a, 2, { removeWork: [x.id, `${a.executionArn}|unknown`], addWork: [{ ...y, dueAt: 30, payload: '{"again":true}' }] })]);
      assert.equal(await store.nextWorkDue(['timer']), 30);
      assert.deepEqual(await store.claimWork(claim('w', 30)), [{ ...y, dueAt: 30, payload: '{"again":true}', leaseOwner: 'w', leaseUntil: 1030, attempts: 1 }]);
      await store.commitSteps([step(a, 3, { removeWork: [y.id] })]);
      assert.deepEqual(await store.claimWork(claim('w', 1_000_000)), []);
      assert.equal(await store.nextWorkDue(['timer', 'task', 'activity']), undefined);
    }));

    it('leases the oldest due activity item of one activity at a time', withStore(async (store) => {
      const [actA, actB] = [activityArnFor('A'), activityArnFor('B')];
      const items = [
        work(a.executionArn, 'a100', 'activity', 100, { activityArn: actA }),
        work(a.executionArn, 'a50', 'activity', 50, { activityArn: actA }),
        work(a.executionArn, 'a900', 'activity', 900, { activityArn: actA }),
        work(a.executionArn, 'b10', 'activity', 10, { activityArn: actB }),
      ];
      await store.commitSteps([step(a, 1, { addWork: items })]);
      assert.deepEqual(await store.claimActivityWork(actA, 'worker-1', 500, 60_000), { ...items[1], leaseOwner: 'worker-1', leaseUntil: 60_500, attempts: 1 });
      assert.deepEqual(ids([await store.claimActivityWork(actA, 'worker-2', 500, 60_000)]), [items[0].id]);
      assert.equal(await store.claimActivityWork(actA, 'worker-2', 500, 60_000), undefined);
      assert.deepEqual(await store.claimWork(claim('runner', 10_000)), []);
      assert.deepEqual(ids([await store.claimActivityWork(actB, 'worker-3', 500, 60_000)]), [items[3].id]);
      assert.equal(await store.claimActivityWork(activityArnFor('C'), 'worker-3', 500, 60_000), undefined);
      // Both leases lapse at 60,500, after a900 fell due: a900 goes first, then a lapsed one, its attempts counted.
      assert.deepEqual(ids([await store.claimActivityWork(actA, 'worker-4', 60_500, 60_000)]), [items[2].id]);
      const again = await store.claimActivityWork(actA, 'worker-4', 60_500, 60_000);
      assert.equal(again?.attempts, 2);
      assert.equal(again?.leaseOwner, 'worker-4');
      assert.ok(again && [items[0].id, items[1].id].includes(again.id));
    }));

    it('tells when the next item of some kinds falls due, a lease counting as due when it lapses', withStore(async (store) => {
      assert.equal(await store.nextWorkDue(['timer', 'task', 'activity']), undefined);
      await store.commitSteps([step(a, 1, {
        addWork: [work(a.executionArn, 't', 'timer', 300), work(a.executionArn, 'k', 'task', 200), work(a.executionArn, 'v', 'activity', 100, { activityArn: activityArnFor('A') })],
      })]);
      assert.equal(await store.nextWorkDue(['timer']), 300);
      assert.equal(await store.nextWorkDue(['timer', 'task']), 200);
      assert.equal(await store.nextWorkDue(['activity', 'timer']), 100);
      assert.equal(await store.nextWorkDue([]), undefined);
      await store.claimWork(claim('w', 250, { kinds: ['task'], leaseMs: 1000 }));
      assert.equal(await store.nextWorkDue(['task']), 1250);
      assert.equal(await store.nextWorkDue(['timer', 'task']), 300);
    }));

    it('releases every lease of one owner, leaving others\' leases alone', withStore(async (store) => {
      const items = [1, 2, 3].map((i) => work(a.executionArn, `k${i}`, 'task', i));
      await store.commitSteps([step(a, 1, { addWork: items })]);
      await store.claimWork(claim('old', 10, { limit: 2, leaseMs: 60_000 }));
      await store.claimWork(claim('other', 10, { leaseMs: 60_000 }));
      assert.equal(await store.releaseLeases('old'), 2);
      assert.equal(await store.releaseLeases('nobody'), 0);
      assert.equal(await store.nextWorkDue(['task']), 1);
      const retaken = await store.claimWork(claim('new', 20, { leaseMs: 60_000 }));
      assert.deepEqual(retaken, items.slice(0, 2).map((w) => ({ ...w, leaseOwner: 'new', leaseUntil: 60_020, attempts: 2 })));
    }));
  });

  describe('sharing and restarts', () => {
    it('never lets two handles on the same data claim the same item or both commit one version', { ...needsSecondHandle }, withStore(async (store) => {
      const other = await openAgain!(store);
      try {
        const items = Array.from({ length: 12 }, (_, i) => work(a.executionArn, `k${i}`, 'task', i));
        await store.commitSteps([step(a, 1, { addWork: items })]);
        const claimed: string[] = [];
        for (let round = 0; round < 4; round++) {
          const got = await Promise.all([store, other].map((s, i) => s.claimWork(claim(`node-${i}`, 100, { limit: 2 }))));
          claimed.push(...got.flat().map((w) => w.id));
        }
        assert.deepEqual(claimed.sort(), items.map((w) => w.id).sort());
        await assert.rejects(other.commitSteps([step(a, 1)]), isStale(a.executionArn));
        await other.commitSteps([step(a, 2, { events: [event(1, 'ExecutionStarted')] })]);
        assert.equal((await store.getExecutionState(a.executionArn))?.version, 2);
        assert.deepEqual(await store.getHistory(a.executionArn), [event(1, 'ExecutionStarted')]);
      } finally {
        await other.close();
      }
    }));

    it('keeps everything across a close and a reopen', { ...needsSecondHandle }, withStore(async (store) => {
      const mm = machine('Kept', { encryptionConfiguration: { type: 'AWS_OWNED_KEY' } });
      const v = version(mm, 1, { description: 'd' });
      const al = alias(mm, 'live');
      const act = { arn: activityArnFor('kept'), name: 'kept', creationDate: date(7) };
      const t = token(a.executionArn, 'kept', { lastHeartbeat: date(8) });
      const items = [work(a.executionArn, 'k', 'task', 10), work(a.executionArn, 'v', 'activity', 20, { activityArn: act.arn })];
      await store.putMachine(mm);
      await store.putVersion(v);
      await store.putAlias(al);
      await store.putTags(mm.arn, [{ key: 'k', value: 'v' }]);
      await store.putActivity(act);
      await store.commitSteps([step(a, 1, { events: [event(1, 'ExecutionStarted')], addWork: items, tokens: [t] })]);
      const [leased] = await store.claimWork(claim('w', 10, { kinds: ['task'] }));
      const ended = { ...b, status: 'ABORTED' as const, stopDate: date(9) };
      await store.putExecution(ended);
      await store.appendHistory(b.executionArn, [event(1, 'ExecutionStarted'), event(2, 'ExecutionAborted')]);
      await store.close();

      const reopened = await openAgain!(store);
      try {
        assert.deepEqual(await reopened.getMachine(mm.arn), mm);
        assert.deepEqual(await reopened.listVersions(mm.arn), [v]);
        assert.deepEqual(await reopened.listAliases(mm.arn), [al]);
        assert.deepEqual(await reopened.getTags(mm.arn), [{ key: 'k', value: 'v' }]);
        assert.deepEqual(await reopened.listActivities(), [act]);
        assert.deepEqual(await reopened.getExecution(a.executionArn), a);
        assert.deepEqual(await reopened.getExecution(b.executionArn), ended);
        assert.deepEqual(await reopened.getHistory(b.executionArn), [event(1, 'ExecutionStarted'), event(2, 'ExecutionAborted')]);
        assert.deepEqual(await reopened.getExecutionState(a.executionArn), stateOf(a, 1));
        assert.deepEqual(await reopened.listRunningExecutionArns(), [a.executionArn]);
        assert.deepEqual(await reopened.getTaskToken(t.token), t);
        assert.equal(await reopened.nextWorkDue(['task']), leased.leaseUntil);
        assert.deepEqual(await reopened.claimActivityWork(act.arn, 'w', 20, 5), { ...items[1], leaseOwner: 'w', leaseUntil: 25, attempts: 1 });
        assert.deepEqual(await reopened.claimWork(claim('w2', leased.leaseUntil!)), [{ ...items[0], leaseOwner: 'w2', leaseUntil: leased.leaseUntil! + 1000, attempts: 2 }]);
        await reopened.commitSteps([step(a, 2, { events: [event(2, 'TaskStateEntered')] })]);
        assert.equal((await reopened.getHistory(a.executionArn)).length, 2);
      } finally {
        await reopened.close();
      }
    }));
  });
}
