/** The SQLite store passes the store contract on files (reopened, and shared by two handles); then what only SQLite has. */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { HISTORY_CHUNK_EVENTS, migrations, migrationsTable, sqliteDialect, stepSql } from './migrations.js';
import { executionPageSql, migrate, openSqliteStore, sql, type SqliteStore } from './sqlite-store.js';
import type { ExecutionPageQuery } from './store.js';
import { event, execution, machine } from './store.contract.fixtures.js';
import { storeContract } from './store.contract.js';

const dir = mkdtempSync(join(tmpdir(), 'stepwise-sqlite-store-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const freshPath = (): string => join(dir, `nested/${++files}/store.db`);
/** The first event ids of an execution's history rows. */
const chunksOf = (store: SqliteStore, arn: string): number[] =>
  store.db.prepare('SELECT first_id FROM history_chunks WHERE execution_arn = ? ORDER BY first_id').pluck().all(arn) as number[];

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
    const mapRunPages = pages.slice(0, 3).map((q) => [`map run page ${JSON.stringify(q)}`, executionPageSql(q, 'map_run_arn')]);
    for (const [name, text] of [...Object.entries(sql), ...pages.map((q) => [`page ${JSON.stringify(q)}`, executionPageSql(q)]), ...mapRunPages]) {
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

  it('carries histories kept one row per event (before migration 3) over into chunks', async () => {
    const path = freshPath();
    mkdirSync(dirname(path), { recursive: true });
    const old = new Database(path);
    old.exec(stepSql(migrationsTable, sqliteDialect));
    for (const m of migrations.slice(0, 2)) {
      for (const step of m.steps) old.exec(stepSql(step, sqliteDialect));
      old.prepare('INSERT INTO schema_migrations VALUES (?, ?, 0)').run(m.version, m.name);
    }
    const [a, b, c] = ['a', 'b', 'c'].map((name) => execution(machine('M'), name).executionArn);
    const history = [event(1, 'ExecutionStarted', { executionStartedEventDetails: { input: { 'é': [1, null] } } }), event(2, 'PassStateEntered'), event(3, 'ExecutionSucceeded')];
    const insert = old.prepare('INSERT INTO history_events (execution_arn, position, event) VALUES (?, ?, ?)');
    // Written out of order: the chunk follows the positions.
    for (const e of [history[2], history[0], history[1]]) insert.run(a, e.id, JSON.stringify(e));
    insert.run(b, 1, JSON.stringify(history[0]));

    const long = Array.from({ length: 250 }, (_, i) => event(i + 1, 'PassStateEntered'));
    for (const e of long) insert.run(c, e.id, JSON.stringify(e));
    old.close();

    const store = openSqliteStore(path);
    try {
      assert.deepEqual(await store.getHistory(c), long);
      assert.deepEqual(await store.getHistoryRange(c, 100, 101), long.slice(99, 101));
      assert.deepEqual(chunksOf(store, c), [1, 101, 201], `${HISTORY_CHUNK_EVENTS} events a chunk at the most`);
      assert.deepEqual(await store.getHistory(a), history);
      assert.deepEqual(await store.getHistory(b), history.slice(0, 1));
      assert.deepEqual(await store.getHistoryRange(a, 2, 3), history.slice(1));
      assert.equal(store.db.prepare("SELECT count(*) FROM sqlite_schema WHERE name = 'history_events'").pluck().get(), 0);
      await store.appendHistory(a, [event(4, 'ExecutionRedriven')]);
      assert.deepEqual((await store.getHistory(a)).map((e) => e.id), [1, 2, 3, 4]);
    } finally {
      await store.close();
    }
  });

  it('keeps a step\'s events in one row, or in rows of 100 when it has more, and reads ranges across them', async () => {
    const store = openSqliteStore(':memory:');
    try {
      const arn = execution(machine('M'), 'big').executionArn;
      const events = Array.from({ length: 250 }, (_, i) => event(i + 1, 'MapIterationStarted'));
      await store.appendHistory(arn, events.slice(0, 3));
      await store.appendHistory(arn, events.slice(3));
      assert.deepEqual(chunksOf(store, arn), [1, 4, 104, 204]);
      assert.deepEqual(await store.getHistory(arn), events);
      assert.deepEqual(await store.getHistoryRange(arn, 103, 105), events.slice(102, 105));
      assert.deepEqual(await store.getHistoryRange(arn, 240, 300), events.slice(239));
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
