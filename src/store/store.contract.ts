/**
 * The one test suite every `Store` passes (Hono's and Temporal's habit): each implementation's
 * test file calls `storeContract` with a way to open an empty store. This file holds the records;
 * `store-durable.contract.ts` the durable part (steps, state versions, work leases).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { alias, date, event, execution, machine, token, version } from './store.contract.fixtures.js';
import { consoleContract } from './store-console.contract.js';
import { durableContract } from './store-durable.contract.js';
import type { ExecutionPageQuery, Store } from './store.js';

export interface ContractOptions<S extends Store> {
  /**
   * Another handle on the same data as `store`: opened while `store` is open (two processes
   * sharing a database) or after it is closed (a restart). Stores that keep nothing beyond their
   * own object leave it out, and the tests that need it are skipped, saying so.
   */
  openAgain?: (store: S) => Promise<S>;
}

/** Opens a fresh store for one test and closes it after, whatever happens. */
export type WithStore<S extends Store> = (test: (store: S) => Promise<void>) => () => Promise<void>;

export function storeContract<S extends Store>(name: string, open: () => Promise<S>, options: ContractOptions<S> = {}): void {
  const withStore: WithStore<S> = (test) => async () => {
    const store = await open();
    try {
      await test(store);
    } finally {
      await store.close();
    }
  };
  const byArn = <T extends { arn: string }>(items: T[]): T[] => [...items].sort((a, b) => a.arn.localeCompare(b.arn));

  describe(`store contract: ${name}`, () => {
    describe('state machines, versions, aliases', () => {
      it('round-trips a machine with every field, dates to the millisecond, and one without its optional fields', withStore(async (store) => {
        const full = machine('Full', { encryptionConfiguration: { type: 'CUSTOMER_MANAGED_KMS_KEY', kmsKeyId: 'k', kmsDataKeyReusePeriodSeconds: 300 } });
        const bare = machine('Bare', { loggingConfiguration: {}, tracingConfiguration: {} });
        await store.putMachine(full);
        await store.putMachine(bare);
        assert.deepEqual(await store.getMachine(full.arn), full);
        const got = await store.getMachine(bare.arn);
        assert.deepEqual(got, bare);
        assert.equal('encryptionConfiguration' in got!, false);
        assert.equal(got!.creationDate.getTime(), 1_700_000_000_123);
        assert.equal(await store.getMachine(`${full.arn}x`), undefined);
        assert.deepEqual(byArn(await store.listMachines()), byArn([full, bare]));
      }));

      it('hands out copies: changing a record given or returned changes nothing stored', withStore(async (store) => {
        const m = machine('M');
        await store.putMachine(m);
        m.name = 'changed';
        m.loggingConfiguration.level = 'ALL';
        const got = (await store.getMachine(m.arn))!;
        assert.equal(got.name, 'M');
        got.tracingConfiguration.enabled = true;
        got.creationDate.setTime(0);
        assert.deepEqual(await store.getMachine(m.arn), machine('M'));
      }));

      it('updates a machine in place, keeping its versions and aliases', withStore(async (store) => {
        const m = machine('M');
        await store.putMachine(m);
        await store.putVersion(version(m, 1));
        await store.putAlias(alias(m, 'live'));
        const updated = { ...m, definition: '{"StartAt":"Q","States":{"Q":{"Type":"Succeed"}}}', revisionId: 'rev-2', updateDate: date(99), lastVersion: 1 };
        await store.putMachine(updated);
        assert.deepEqual(await store.getMachine(m.arn), updated);
        assert.deepEqual(await store.listVersions(m.arn), [version(m, 1)]);
        assert.deepEqual(await store.listAliases(m.arn), [alias(m, 'live')]);
        assert.equal((await store.listMachines()).length, 1);
      }));

      it('round-trips versions with and without a description, listed by machine', withStore(async (store) => {
        const m = machine('M');
        const other = machine('Other');
        await store.putMachine(m);
        await store.putMachine(other);
        const v2 = version(m, 2, { description: 'second', encryptionConfiguration: { type: 'AWS_OWNED_KEY' } });
        await store.putVersion(v2);
        await store.putVersion(version(m, 1));
        await store.putVersion(version(other, 1));
        assert.deepEqual(await store.getVersion(v2.arn), v2);
        assert.equal('description' in (await store.getVersion(version(m, 1).arn))!, false);
        assert.deepEqual(byArn(await store.listVersions(m.arn)), [version(m, 1), v2]);
        await store.deleteVersion(v2.arn);
        assert.equal(await store.getVersion(v2.arn), undefined);
        assert.deepEqual(await store.listVersions(m.arn), [version(m, 1)]);
        assert.deepEqual(await store.listVersions(other.arn), [version(other, 1)]);
      }));

      it('round-trips aliases with their routing, updates and deletes them', withStore(async (store) => {
        const m = machine('M');
        await store.putMachine(m);
        const live = alias(m, 'live', { description: 'production' });
        const beta = alias(m, 'beta', { routingConfiguration: [{ stateMachineVersionArn: `${m.arn}:3`, weight: 100 }] });
        await store.putAlias(live);
        await store.putAlias(beta);
        assert.deepEqual(await store.getAlias(live.arn), live);
        assert.equal('description' in (await store.getAlias(beta.arn))!, false);
        const moved = { ...live, routingConfiguration: [{ stateMachineVersionArn: `${m.arn}:2`, weight: 100 }], updateDate: date(50) };
        await store.putAlias(moved);
        assert.deepEqual(byArn(await store.listAliases(m.arn)), byArn([moved, beta]));
        await store.deleteAlias(beta.arn);
        assert.equal(await store.getAlias(beta.arn), undefined);
        assert.deepEqual(await store.listAliases(m.arn), [moved]);
      }));

      it('deletes a machine with its versions, aliases and tags, and nothing of another machine', withStore(async (store) => {
        const [m, other] = [machine('M'), machine('Other')];
        for (const x of [m, other]) {
          await store.putMachine(x);
          await store.putVersion(version(x, 1));
          await store.putAlias(alias(x, 'live'));
          await store.putTags(x.arn, [{ key: 'team', value: x.name }]);
        }
        const e = execution(m, 'e1');
        await store.putExecution(e);
        await store.deleteMachine(m.arn);
        assert.equal(await store.getMachine(m.arn), undefined);
        assert.equal(await store.getVersion(version(m, 1).arn), undefined);
        assert.equal(await store.getAlias(alias(m, 'live').arn), undefined);
        assert.deepEqual(await store.listVersions(m.arn), []);
        assert.deepEqual(await store.listAliases(m.arn), []);
        assert.deepEqual(await store.getTags(m.arn), []);
        assert.deepEqual(await store.listMachines(), [other]);
        assert.deepEqual(await store.listVersions(other.arn), [version(other, 1)]);
        assert.deepEqual(await store.listAliases(other.arn), [alias(other, 'live')]);
        assert.deepEqual(await store.getTags(other.arn), [{ key: 'team', value: 'Other' }]);
        // Executions are history: they outlive their machine, as in AWS.
        assert.deepEqual(await store.getExecution(e.executionArn), e);
        await store.deleteMachine(m.arn);
      }));
    });

    describe('executions and history', () => {
      it('round-trips an execution with every field and one without its optional fields', withStore(async (store) => {
        const m = machine('M', { encryptionConfiguration: { type: 'AWS_OWNED_KEY' } });
        const full = execution(m, 'full', {
          stateMachineVersionArn: `${m.arn}:1`,
          stateMachineAliasArn: `${m.arn}:live`,
          status: 'FAILED',
          output: '{"a":[1,2.5,null]}',
          error: 'States.TaskFailed',
          cause: 'boom\nline two',
          stopDate: date(20),
          redriveCount: 2,
        });
        full.machine.encryptionConfiguration = { type: 'AWS_OWNED_KEY' };
        const bare = execution(m, 'bare');
        await store.putExecution(full);
        await store.putExecution(bare);
        assert.deepEqual(await store.getExecution(full.executionArn), full);
        const got = (await store.getExecution(bare.executionArn))!;
        assert.deepEqual(got, bare);
        for (const key of ['stateMachineVersionArn', 'stateMachineAliasArn', 'output', 'error', 'cause', 'stopDate']) assert.equal(key in got, false, key);
        assert.ok(got.machine.updateDate instanceof Date);
        assert.equal(await store.getExecution(`${bare.executionArn}x`), undefined);
      }));

      it('updates an execution in place and lists a machine\'s executions, its versions\' and aliases\' included', withStore(async (store) => {
        const [m, other] = [machine('M'), machine('Other')];
        const a = execution(m, 'a');
        const b = execution(m, 'b', { stateMachineVersionArn: `${m.arn}:1`, startDate: date(30) });
        const c = execution(m, 'c', { stateMachineAliasArn: `${m.arn}:live`, startDate: date(40), machine: { ...execution(m, 'c').machine, revisionId: 'rev-9' } });
        for (const e of [a, b, c, execution(other, 'x')]) await store.putExecution(e);
        const done = { ...a, status: 'SUCCEEDED' as const, output: '{}', stopDate: date(50) };
        await store.putExecution(done);
        assert.deepEqual(await store.getExecution(a.executionArn), done);
        const listed = (await store.listExecutions(m.arn)).sort((x, y) => x.name.localeCompare(y.name));
        assert.deepEqual(listed, [done, b, c]);
        assert.deepEqual(await store.listExecutions(`${m.arn}x`), []);
      }));

      it('pages a machine\'s executions newest first (ARN descending within a millisecond), filtered, from a cursor', withStore(async (store) => {
        const [m, other] = [machine('M'), machine('Other')];
        const all = [
          execution(m, 'a', { startDate: date(100) }),
          execution(m, 'b', { startDate: date(300), status: 'FAILED', stateMachineVersionArn: `${m.arn}:1` }),
          execution(m, 'c', { startDate: date(300), stateMachineAliasArn: `${m.arn}:live`, stateMachineVersionArn: `${m.arn}:1` }),
          execution(m, 'd', { startDate: date(200), status: 'FAILED', redriveCount: 1 }),
          execution(m, 'e', { startDate: date(500), status: 'SUCCEEDED' }),
          execution(m, 'f', { startDate: date(400), stateMachineAliasArn: `${m.arn}:live` }),
          execution(m, 'g', { startDate: date(50), status: 'FAILED' }),
        ];
        for (const e of [...all, execution(other, 'z', { startDate: date(1000) })]) await store.putExecution(e);
        const names = (page: { name: string }[]) => page.map((e) => e.name);
        assert.deepEqual(names(await store.listExecutionsPage(m.arn, { limit: 100 })), ['e', 'f', 'c', 'b', 'd', 'a', 'g']);

        // Pages of 3, each asking one more to learn where the next one starts.
        const seen: string[] = [];
        let from: ExecutionPageQuery['from'];
        for (;;) {
          const page = await store.listExecutionsPage(m.arn, { limit: 4, ...(from && { from }) });
          seen.push(...names(page.slice(0, 3)));
          if (page.length < 4) break;
          from = { startDate: page[3].startDate, executionArn: page[3].executionArn };
        }
        assert.deepEqual(seen, ['e', 'f', 'c', 'b', 'd', 'a', 'g']);

        const first = await store.listExecutionsPage(m.arn, { limit: 1 });
        assert.deepEqual(first, [all[4]]);
        assert.deepEqual(names(await store.listExecutionsPage(m.arn, { limit: 10, statusFilter: 'FAILED' })), ['b', 'd', 'g']);
        const fromB = { startDate: all[1].startDate, executionArn: all[1].executionArn };
        assert.deepEqual(names(await store.listExecutionsPage(m.arn, { limit: 10, statusFilter: 'FAILED', from: fromB })), ['b', 'd', 'g']);
        assert.deepEqual(names(await store.listExecutionsPage(m.arn, { limit: 1, statusFilter: 'FAILED', from: { ...fromB, startDate: date(299) } })), ['d']);
        assert.deepEqual(names(await store.listExecutionsPage(m.arn, { limit: 10, versionArn: `${m.arn}:1` })), ['c', 'b']);
        assert.deepEqual(names(await store.listExecutionsPage(m.arn, { limit: 10, aliasArn: `${m.arn}:live` })), ['f', 'c']);
        assert.deepEqual(names(await store.listExecutionsPage(m.arn, { limit: 10, redriven: true })), ['d']);
        assert.deepEqual(names(await store.listExecutionsPage(m.arn, { limit: 2, redriven: false, statusFilter: 'RUNNING' })), ['f', 'c']);
        assert.deepEqual(await store.listExecutionsPage(m.arn, { limit: 0 }), []);
        assert.deepEqual(names(await store.listExecutionsPage(other.arn, { limit: 10 })), ['z']);
        assert.deepEqual(await store.listExecutionsPage(`${m.arn}x`, { limit: 10 }), []);
      }));

      it('appends history in order, per execution, with ids and details intact', withStore(async (store) => {
        const m = machine('M');
        const [e1, e2] = [execution(m, 'e1'), execution(m, 'e2')];
        const first = [
          event(1, 'ExecutionStarted', { executionStartedEventDetails: { input: { a: 1 }, inputDetails: { truncated: false }, roleArn: 'r' } }),
          event(2, 'PassStateEntered', { stateEnteredEventDetails: { name: 'P', input: 'text' } }),
        ];
        const second = [event(3, 'PassStateExited', { stateExitedEventDetails: { name: 'P', output: [1, { b: null }] } }), event(4, 'ExecutionSucceeded')];
        assert.deepEqual(await store.getHistory(e1.executionArn), []);
        await store.appendHistory(e1.executionArn, first);
        await store.appendHistory(e2.executionArn, [event(1, 'ExecutionStarted')]);
        await store.appendHistory(e1.executionArn, second);
        await store.appendHistory(e1.executionArn, []);
        assert.deepEqual(await store.getHistory(e1.executionArn), [...first, ...second]);
        assert.deepEqual(await store.getHistory(e2.executionArn), [event(1, 'ExecutionStarted')]);
      }));
    });

    describe('activities, task tokens, tags', () => {
      it('round-trips, lists and deletes activities, their tags with them', withStore(async (store) => {
        const arn = (n: string) => `arn:aws:states:us-east-1:123456789012:activity:${n}`;
        const a = { arn: arn('a'), name: 'a', creationDate: date(1) };
        const b = { arn: arn('b'), name: 'b', creationDate: date(2) };
        await store.putActivity(a);
        await store.putActivity(b);
        await store.putTags(a.arn, [{ key: 'k', value: 'v' }]);
        assert.deepEqual(await store.getActivity(a.arn), a);
        assert.deepEqual(byArn(await store.listActivities()), [a, b]);
        await store.deleteActivity(a.arn);
        assert.equal(await store.getActivity(a.arn), undefined);
        assert.deepEqual(await store.getTags(a.arn), []);
        assert.deepEqual(await store.listActivities(), [b]);
      }));

      it('upserts task tokens whole, optional fields and heartbeat dates included', withStore(async (store) => {
        const e = execution(machine('M'), 'e');
        const waiting = token(e.executionArn, 't1', { taskId: 'task-7', lastHeartbeat: date(3) });
        await store.putTaskToken(waiting);
        assert.deepEqual(await store.getTaskToken(waiting.token), waiting);
        const failed = token(e.executionArn, 't1', { status: 'FAILED', error: 'E', cause: 'C' });
        await store.putTaskToken(failed);
        const got = (await store.getTaskToken(waiting.token))!;
        assert.deepEqual(got, failed);
        assert.equal('lastHeartbeat' in got || 'taskId' in got || 'output' in got, false);
        const succeeded = token(e.executionArn, 't2', { status: 'SUCCEEDED', output: '{"ok":true}' });
        await store.putTaskToken(succeeded);
        assert.deepEqual(await store.getTaskToken(succeeded.token), succeeded);
        assert.equal(await store.getTaskToken('token-none'), undefined);
      }));

      it('keeps tags per resource, in order, replaced whole', withStore(async (store) => {
        const [r1, r2] = ['arn:aws:states:us-east-1:123456789012:stateMachine:A', 'arn:aws:states:us-east-1:123456789012:activity:B'];
        assert.deepEqual(await store.getTags(r1), []);
        await store.putTags(r1, [{ key: 'z', value: '1' }, { key: 'a', value: '' }, { key: 'only-key' }]);
        await store.putTags(r2, [{ key: 'x', value: 'y' }]);
        assert.deepEqual(await store.getTags(r1), [{ key: 'z', value: '1' }, { key: 'a', value: '' }, { key: 'only-key' }]);
        await store.putTags(r1, [{ key: 'a', value: '2' }]);
        assert.deepEqual(await store.getTags(r1), [{ key: 'a', value: '2' }]);
        await store.putTags(r1, []);
        assert.deepEqual(await store.getTags(r1), []);
        assert.deepEqual(await store.getTags(r2), [{ key: 'x', value: 'y' }]);
      }));
    });

    durableContract(withStore, options);
    consoleContract(withStore);
  });
}
