import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { migrations, migrationsTable, postgresDialect, sqliteDialect, stepSql, type CreateTable } from './migrations.js';

const tables = new Map<string, CreateTable>();
for (const step of [migrationsTable, ...migrations.flatMap((m) => m.steps)]) if ('createTable' in step) tables.set(step.createTable, step);
const columnsOf = (table: string): string[] => tables.get(table)?.columns.map((c) => c.name) ?? [];

describe('migrations', () => {
  it('are numbered 1, 2, … in order', () => {
    assert.deepEqual(migrations.map((m) => m.version), migrations.map((_, i) => i + 1));
  });

  it('name only columns their tables have, in keys, indexes and cascades', () => {
    for (const step of migrations.flatMap((m) => m.steps)) {
      if ('moveRows' in step || 'dropTable' in step) continue;
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
  });
});
