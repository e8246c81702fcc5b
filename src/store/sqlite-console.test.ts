/** The console's reads on SQLite: every filter combination is answered through an index in start-date order, never a sort or a table scan. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { consoleSql, countSql, searchSql } from './sqlite-console.js';
import { migrate } from './sqlite-store.js';
import type { ExecutionSearch } from './store.js';

const plan = (db: Database.Database, text: string): string[] => {
  const params = Object.fromEntries([...text.matchAll(/@(\w+)/g)].map((m) => [m[1], null]));
  return (db.prepare(`EXPLAIN QUERY PLAN ${text}`).all(params) as { detail: string }[]).map((p) => p.detail);
};

describe('sqlite console reads', () => {
  const db = new Database(':memory:');
  migrate(db);
  const cursor = { startDate: new Date(0), executionArn: 'x' };
  const filters: Omit<ExecutionSearch, 'limit'>[] = [];
  for (const stateMachineArn of [undefined, 'm'])
    for (const status of [undefined, 'FAILED' as const])
      for (const nameContains of [undefined, 'order'])
        for (const range of [{}, { from: 1, to: 2 }])
          filters.push({ ...(stateMachineArn && { stateMachineArn }), ...(status && { status }), ...(nameContains && { nameContains }), ...range });

  it('pages every combination of filters through an index, in order, without sorting', () => {
    for (const f of filters) {
      for (const q of [{ ...f, limit: 10 }, { ...f, limit: 10, cursor }]) {
        const steps = plan(db, searchSql(q));
        assert.ok(!steps.some((d) => d.includes('TEMP B-TREE')), `${JSON.stringify(q)} sorts: ${steps}`);
        assert.ok(steps.every((d) => / USING (COVERING )?INDEX executions_by/.test(d)), `${JSON.stringify(q)}: ${steps}`);
        if (f.nameContains !== undefined) assert.match(steps[0], /executions_by_start/, 'a name is matched inside the index');
      }
      assert.ok(plan(db, countSql(f)).every((d) => / USING (COVERING )?INDEX /.test(d)), JSON.stringify(f));
    }
  });

  it('finds waiting tokens through their partial index, and history ranges and work items by key', () => {
    const waiting = plan(db, consoleSql.waitingTokens);
    assert.match(waiting[0], /^SCAN t USING (COVERING )?INDEX task_tokens_waiting/, 'the waiting tokens drive the query, not the running executions');
    assert.ok(waiting.slice(1).every((d) => d.startsWith('SEARCH')), String(waiting));
    assert.ok(plan(db, consoleSql.executionTimes).every((d) => d.includes('executions_by_start')));
    const chunks = plan(db, consoleSql.historyChunks);
    assert.equal(chunks.length, 3, String(chunks));
    assert.ok(chunks.every((d) => /SEARCH history_chunks USING (COVERING )?INDEX \w+ \(execution_arn=\? AND first_id[<>]/.test(d) || d.startsWith('SCALAR SUBQUERY')), String(chunks));
    assert.match(plan(db, consoleSql.getWork).join(), /SEARCH work_items USING INDEX sqlite_autoindex_work_items_1 \(id=\?\)/);
  });
});
