/** The SQLite store passes the store contract on files (reopened, and shared by two handles); then what only SQLite has. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { migrations } from './migrations.js';
import { executionPageSql, migrate, openSqliteStore, sql } from './sqlite-store.js';
import type { ExecutionPageQuery } from './store.js';
import { execution, machine } from './store.contract.fixtures.js';
import { storeContract } from './store.contract.js';

const dir = mkdtempSync(join(tmpdir(), 'stepwise-sqlite-store-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const freshPath = (): string => join(dir, `nested/${++files}/store.db`);

storeContract('sqlite', async () => openSqliteStore(freshPath()), {
  openAgain: async (store) => openSqliteStore(store.path),
});

describe('sqlite store', () => {
  it('answers every read by an index, never a scan or a sort, but for the lists meant to be whole', () => {
    const whole = new Set(['listMachines', 'listActivities', 'listRunning']);
    const db = new Database(':memory:');
    migrate(db);
    const from = { startDate: new Date(0), executionArn: 'x' };
    const pages: ExecutionPageQuery[] = [{ limit: 1 }, { limit: 1, from }, { limit: 1, statusFilter: 'FAILED', from }, { limit: 1, aliasArn: 'a', redriven: true, from }];
    for (const [name, text] of [...Object.entries(sql), ...pages.map((q) => [`page ${JSON.stringify(q)}`, executionPageSql(q)])]) {
      const params = Object.fromEntries([...text.matchAll(/@(\w+)/g)].map((m) => [m[1], null]));
      const plan = (db.prepare(`EXPLAIN QUERY PLAN ${text}`).all(params) as { detail: string }[]).map((p) => p.detail);
      assert.ok(!plan.some((d) => d.includes('TEMP B-TREE')), `${name} sorts: ${plan}`);
      if (!whole.has(name)) assert.ok(!plan.some((d) => d.startsWith('SCAN')), `${name} scans: ${plan}`);
    }
    db.close();
  });

  it('opens in WAL mode, syncing every commit unless told not to, with foreign keys on', async () => {
    const synced = openSqliteStore(freshPath());
    const unsynced = openSqliteStore(freshPath(), { fsync: false });
    try {
      assert.equal(synced.db.pragma('journal_mode', { simple: true }), 'wal');
      assert.equal(synced.db.pragma('synchronous', { simple: true }), 2);
      assert.equal(unsynced.db.pragma('synchronous', { simple: true }), 1);
      assert.equal(synced.db.pragma('foreign_keys', { simple: true }), 1);
      assert.ok((synced.db.pragma('busy_timeout', { simple: true }) as number) > 0);
    } finally {
      await synced.close();
      await unsynced.close();
    }
  });

  it('applies each migration once, however often the file is opened', async () => {
    const path = freshPath();
    await openSqliteStore(path).close();
    const store = openSqliteStore(path);
    try {
      const applied = store.db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all();
      assert.deepEqual(applied, migrations.map((m) => m.version));
    } finally {
      await store.close();
    }
  });

  it('runs in memory with ":memory:", closing twice harmlessly', async () => {
    const store = openSqliteStore(':memory:');
    await store.putMachine(machine('M'));
    assert.deepEqual(await store.getMachine(machine('M').arn), machine('M'));
    await store.close();
    await store.close();
  });

  it('keeps one copy of an execution configuration however many executions run it', async () => {
    const store = openSqliteStore(':memory:');
    try {
      for (let i = 0; i < 5; i++) await store.putExecution(execution(machine('M'), `e${i}`));
      assert.equal(store.db.prepare('SELECT count(*) FROM execution_machines').pluck().get(), 1);
      assert.equal((await store.listExecutions(machine('M').arn)).length, 5);
    } finally {
      await store.close();
    }
  });
});
