/**
 * The function store in SQLite, beside the Step Functions tables in the same database file. Its
 * tables are its own (`lambda_*`), migrated by its own list, so it can share a `Database` with the
 * main store without either knowing the other's schema. Records are kept as JSON beside the keys
 * they are looked up by.
 */
import type { Database } from 'better-sqlite3';
import { compareVersions, type AliasRecord, type FunctionRecord, type FunctionStore, type FunctionVersionRecord } from './function-store.js';

/** Applied in order, each once; append, never edit. */
const MIGRATIONS: string[] = [
  `CREATE TABLE lambda_functions (name TEXT PRIMARY KEY, seq INTEGER NOT NULL, record TEXT NOT NULL);
   CREATE TABLE lambda_versions (function_name TEXT NOT NULL, version TEXT NOT NULL, record TEXT NOT NULL,
     PRIMARY KEY (function_name, version));
   CREATE TABLE lambda_aliases (function_name TEXT NOT NULL, name TEXT NOT NULL, record TEXT NOT NULL,
     PRIMARY KEY (function_name, name));`,
];

function migrate(db: Database): void {
  db.exec('CREATE TABLE IF NOT EXISTS lambda_migrations (id INTEGER PRIMARY KEY)');
  const done = new Set((db.prepare('SELECT id FROM lambda_migrations').all() as { id: number }[]).map((r) => r.id));
  const record = db.prepare('INSERT INTO lambda_migrations (id) VALUES (?)');
  MIGRATIONS.forEach((sql, id) => {
    if (done.has(id)) return;
    db.transaction(() => {
      db.exec(sql);
      record.run(id);
    })();
  });
}

type Row = { record: string };
const parse = <T>(row: unknown): T | undefined => (row ? (JSON.parse((row as Row).record) as T) : undefined);
const parseAll = <T>(rows: unknown[]): T[] => rows.map((r) => JSON.parse((r as Row).record) as T);

export class SqliteFunctionStore implements FunctionStore {
  private readonly q;

  constructor(private readonly db: Database) {
    migrate(db);
    this.q = {
      getFunction: db.prepare('SELECT record FROM lambda_functions WHERE name = ?'),
      // A new function goes last; an updated one keeps its place.
      putFunction: db.prepare(
        `INSERT INTO lambda_functions (name, seq, record) VALUES (?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM lambda_functions), ?)
         ON CONFLICT (name) DO UPDATE SET record = excluded.record`,
      ),
      deleteFunction: db.prepare('DELETE FROM lambda_functions WHERE name = ?'),
      deleteFunctionVersions: db.prepare('DELETE FROM lambda_versions WHERE function_name = ?'),
      deleteFunctionAliases: db.prepare('DELETE FROM lambda_aliases WHERE function_name = ?'),
      listFunctions: db.prepare('SELECT record FROM lambda_functions ORDER BY seq'),
      getVersion: db.prepare('SELECT record FROM lambda_versions WHERE function_name = ? AND version = ?'),
      putVersion: db.prepare('INSERT OR REPLACE INTO lambda_versions (function_name, version, record) VALUES (?, ?, ?)'),
      deleteVersion: db.prepare('DELETE FROM lambda_versions WHERE function_name = ? AND version = ?'),
      listVersions: db.prepare('SELECT record FROM lambda_versions WHERE function_name = ?'),
      getAlias: db.prepare('SELECT record FROM lambda_aliases WHERE function_name = ? AND name = ?'),
      putAlias: db.prepare('INSERT OR REPLACE INTO lambda_aliases (function_name, name, record) VALUES (?, ?, ?)'),
      deleteAlias: db.prepare('DELETE FROM lambda_aliases WHERE function_name = ? AND name = ?'),
      listAliases: db.prepare('SELECT record FROM lambda_aliases WHERE function_name = ? ORDER BY name'),
    };
  }

  async getFunction(name: string) {
    return parse<FunctionRecord>(this.q.getFunction.get(name));
  }
  async putFunction(record: FunctionRecord) {
    this.q.putFunction.run(record.name, JSON.stringify(record));
  }
  async deleteFunction(name: string) {
    this.db.transaction(() => {
      this.q.deleteFunction.run(name);
      this.q.deleteFunctionVersions.run(name);
      this.q.deleteFunctionAliases.run(name);
    })();
  }
  async listFunctions() {
    return parseAll<FunctionRecord>(this.q.listFunctions.all());
  }

  async getVersion(functionName: string, version: string) {
    return parse<FunctionVersionRecord>(this.q.getVersion.get(functionName, version));
  }
  async putVersion(record: FunctionVersionRecord) {
    this.q.putVersion.run(record.functionName, record.version, JSON.stringify(record));
  }
  async deleteVersion(functionName: string, version: string) {
    this.q.deleteVersion.run(functionName, version);
  }
  async listVersions(functionName: string) {
    return parseAll<FunctionVersionRecord>(this.q.listVersions.all(functionName)).sort((a, b) => compareVersions(a.version, b.version));
  }

  async getAlias(functionName: string, name: string) {
    return parse<AliasRecord>(this.q.getAlias.get(functionName, name));
  }
  async putAlias(record: AliasRecord) {
    this.q.putAlias.run(record.functionName, record.name, JSON.stringify(record));
  }
  async deleteAlias(functionName: string, name: string) {
    this.q.deleteAlias.run(functionName, name);
  }
  async listAliases(functionName: string) {
    return parseAll<AliasRecord>(this.q.listAliases.all(functionName));
  }
}
