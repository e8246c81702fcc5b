import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { migrate } from './sqlite-store.js';
import { migrations, migrationsTable, postgresDialect, sqliteDialect, stepSql, type CreateTable } from './migrations.js';

const tables = new Map<string, CreateTable>();
const added = new Map<string, string[]>();
for (const step of [migrationsTable, ...migrations.flatMap((m) => m.steps)]) {
  if ('createTable' in step) tables.set(step.createTable, step);
  if ('addColumn' in step) added.set(step.addColumn, [...(added.get(step.addColumn) ?? []), step.column.name]);
}
const columnsOf = (table: string): string[] => [...(tables.get(table)?.columns.map((c) => c.name) ?? []), ...(added.get(table) ?? [])];

describe('migrations', () => {
  it('are numbered 1, 2, … in order', () => {
    assert.deepEqual(migrations.map((m) => m.version), migrations.map((_, i) => i + 1));
  });

  it('name only columns their tables have, in keys, indexes and cascades', () => {
    for (const step of migrations.flatMap((m) => m.steps)) {
      if ('moveRows' in step || 'dropTable' in step) continue;
      if ('addColumn' in step) {
        assert.ok(tables.has(step.addColumn), `${step.addColumn} exists`);
        continue;
      }
      if ('createIndex' in step) {
        for (const c of step.columns) assert.ok(columnsOf(step.on).includes(c.replace(/ DESC$/, '')), `${step.createIndex}: ${c}`);
        continue;
      }
      for (const k of step.primaryKey) assert.ok(columnsOf(step.createTable).includes(k), `${step.createTable}: ${k}`);
      const parent = step.cascadeFrom;
      if (parent) for (const r of parent.references) assert.ok(columnsOf(parent.table).includes(r), `${step.createTable} → ${parent.table}.${r}`);
    }
  });

  it('render in each dialect with its own column types', () => {
    const versions = migrations[0].steps.find((s) => 'createTable' in s && s.createTable === 'state_machine_versions')!;
    const pg = stepSql(versions, postgresDialect);
    assert.match(pg, /^CREATE TABLE IF NOT EXISTS state_machine_versions \(/);
    assert.match(pg, /\n {2}logging_configuration JSON NOT NULL,/);
    assert.match(pg, /\n {2}creation_date BIGINT NOT NULL,/);
    assert.match(pg, /\n {2}description TEXT,/);
    assert.match(pg, /FOREIGN KEY \(state_machine_arn\) REFERENCES state_machines \(arn\) ON DELETE CASCADE\n\)$/);
    assert.match(stepSql(versions, sqliteDialect), /\n {2}logging_configuration TEXT NOT NULL,/);
    const running = migrations[0].steps.find((s) => 'createIndex' in s && s.createIndex === 'execution_states_running')!;
    assert.equal(stepSql(running, postgresDialect), 'CREATE INDEX IF NOT EXISTS execution_states_running ON execution_states (execution_arn) WHERE snapshot IS NOT NULL');
    const mapRun = migrations[3].steps.find((s) => 'addColumn' in s)!;
    assert.equal(stepSql(mapRun, postgresDialect), 'ALTER TABLE executions ADD COLUMN map_run_arn TEXT');
  });

  it('migrate a database of version 3 without losing its executions, which belong to no Map Run', () => {
    const db = new Database(':memory:');
    db.exec(stepSql(migrationsTable, sqliteDialect));
    for (const m of migrations.slice(0, 3)) for (const step of m.steps) db.exec(stepSql(step, sqliteDialect));
    db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (3, ?, 0)').run('v3');
    db.prepare(`INSERT INTO executions (execution_arn, state_machine_arn, name, status, input, start_date, machine_hash, redrive_count)
      VALUES ('e', 'm', 'n', 'SUCCEEDED', '{}', 1, 'h', 0)`).run();
    migrate(db);
    assert.deepEqual(db.prepare('SELECT execution_arn, map_run_arn FROM executions').all(), [{ execution_arn: 'e', map_run_arn: null }]);
    db.close();
  });
});
