/**
 * The `Store` in one SQLite file (better-sqlite3): the default for `stepwise serve`. WAL with a
 * single writer; every write is one synchronous transaction, so a `commitSteps` batch from the
 * group commit costs one fsync however many executions it carries. The async methods only wrap
 * synchronous calls: nothing else runs in between, which is what makes a batch atomic.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import type { HistoryEvent } from '../engine/history.js';
import type { Tag } from '../service/types.js';
import { HISTORY_CHUNK_EVENTS, migrations, migrationsTable, sqliteDialect, stepSql } from './migrations.js';
import { SqliteConsoleReads } from './sqlite-console.js';
import {
  activityFromRow,
  activityToRow,
  aliasFromRow,
  aliasToRow,
  columns,
  executionChangeColumns,
  executionChangeToRow,
  executionEndColumns,
  executionEndToRow,
  executionFromRow,
  executionToRow,
  machineFromRow,
  machineToRow,
  tokenFromRow,
  tokenToRow,
  versionFromRow,
  versionToRow,
  workFromRow,
  workToRow,
  type ActivityRow,
  type AliasRow,
  type ExecutionReadRow,
  type MachineRow,
  type TaskTokenRow,
  type VersionRow,
  type WorkRow,
} from './sqlite-records.js';
import {
  StaleStateError,
  type ActivityRecord,
  type AliasRecord,
  type ChildExecutionCommit,
  type ClaimOptions,
  type ExecutionFilter,
  type ExecutionPageQuery,
  type ExecutionRecord,
  type ExecutionSearch,
  type ExecutionStateRecord,
  type StateMachineRecord,
  type StepCommit,
  type Store,
  type TaskTokenRecord,
  type VersionRecord,
  type WorkItem,
  type WorkKind,
} from './store.js';

export interface SqliteStoreOptions {
  /** Sync the WAL on every commit (`synchronous = FULL`); off, a power cut may lose the last commits but never corrupts. Default true. */
  fsync?: boolean;
  /** How long a writer waits for another process's lock before failing. Default 5000 ms. */
  busyTimeoutMs?: number;
}

/** Opens (creating folder and file as needed) and migrates the store at `path`; `':memory:'` keeps it in memory. */
export function openSqliteStore(path: string, options: SqliteStoreOptions = {}): SqliteStore {
  if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
  const db = new Database(path);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${options.fsync === false ? 'NORMAL' : 'FULL'}`);
    db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
    db.pragma('foreign_keys = ON');
    migrate(db);
  } catch (e) {
    db.close();
    throw e;
  }
  return new SqliteStore(db, path);
}

/** Applies the migrations the database has not had yet, each in its own transaction. */
export function migrate(db: Database.Database): void {
  db.exec(stepSql(migrationsTable, sqliteDialect));
  const applied = db.prepare('SELECT coalesce(max(version), 0) FROM schema_migrations').pluck().get() as number;
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  for (const m of migrations) {
    if (m.version <= applied) continue;
    db.transaction(() => {
      for (const step of m.steps) db.exec(stepSql(step, sqliteDialect));
      record.run(m.version, m.name, Date.now());
    }).immediate();
  }
}

function upsert(table: string, key: readonly string[], cols: readonly string[]): string {
  const updates = cols.filter((c) => !key.includes(c)).map((c) => `${c} = excluded.${c}`);
  return `INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map((c) => `@${c}`).join(', ')})
    ON CONFLICT (${key.join(', ')}) DO UPDATE SET ${updates.join(', ')}`;
}

const executionSelect = 'SELECT e.*, m.machine FROM executions e JOIN execution_machines m ON m.hash = e.machine_hash';

/** Every statement the store runs, by name; each read is answered by an index (see the tests). */
export const sql = {
  getMachine: 'SELECT * FROM state_machines WHERE arn = @arn',
  // An upsert, never a replace: replacing would cascade to the machine's versions and aliases.
  putMachine: upsert('state_machines', ['arn'], columns.machine),
  deleteMachine: 'DELETE FROM state_machines WHERE arn = @arn',
  listMachines: 'SELECT * FROM state_machines',

  getVersion: 'SELECT * FROM state_machine_versions WHERE arn = @arn',
  putVersion: upsert('state_machine_versions', ['arn'], columns.version),
  deleteVersion: 'DELETE FROM state_machine_versions WHERE arn = @arn',
  listVersions: 'SELECT * FROM state_machine_versions WHERE state_machine_arn = @arn ORDER BY version',

  getAlias: 'SELECT * FROM state_machine_aliases WHERE arn = @arn',
  putAlias: upsert('state_machine_aliases', ['arn'], columns.alias),
  deleteAlias: 'DELETE FROM state_machine_aliases WHERE arn = @arn',
  listAliases: 'SELECT * FROM state_machine_aliases WHERE state_machine_arn = @arn',

  getExecution: `${executionSelect} WHERE e.execution_arn = @arn`,
  putExecution: upsert('executions', ['execution_arn'], columns.execution),
  putExecutionMachine: 'INSERT INTO execution_machines (hash, machine) VALUES (@hash, @machine) ON CONFLICT (hash) DO NOTHING',
  updateExecution: `UPDATE executions SET ${executionChangeColumns.map((c) => `${c} = @${c}`).join(', ')} WHERE execution_arn = @execution_arn`,
  endChildExecution: `UPDATE executions SET ${executionEndColumns.map((c) => `${c} = @${c}`).join(', ')} WHERE execution_arn = @execution_arn`,
  listExecutions: `${executionSelect} WHERE e.state_machine_arn = @arn ORDER BY e.start_date DESC, e.execution_arn DESC`,
  appendHistory: 'INSERT INTO history_chunks (execution_arn, first_id, events) VALUES (@arn, @first, @events)',
  getHistory: 'SELECT events FROM history_chunks WHERE execution_arn = @arn ORDER BY first_id',

  getActivity: 'SELECT * FROM activities WHERE arn = @arn',
  putActivity: upsert('activities', ['arn'], columns.activity),
  deleteActivity: 'DELETE FROM activities WHERE arn = @arn',
  listActivities: 'SELECT * FROM activities',

  getTaskToken: 'SELECT * FROM task_tokens WHERE token = @token',
  putTaskToken: upsert('task_tokens', ['token'], columns.token),

  getTags: 'SELECT tags FROM tags WHERE resource_arn = @arn',
  putTags: 'INSERT INTO tags (resource_arn, tags) VALUES (@arn, @tags) ON CONFLICT (resource_arn) DO UPDATE SET tags = excluded.tags',
  deleteTags: 'DELETE FROM tags WHERE resource_arn = @arn',

  getState: 'SELECT version, snapshot FROM execution_states WHERE execution_arn = @arn',
  // The version check is the write itself: the first step inserts, each later one updates only
  // the version it was computed from, so a stale step changes no row.
  insertState: 'INSERT INTO execution_states (execution_arn, version, snapshot) VALUES (@arn, 1, @snapshot) ON CONFLICT (execution_arn) DO NOTHING',
  updateState: 'UPDATE execution_states SET version = @version, snapshot = @snapshot WHERE execution_arn = @arn AND version = @version - 1',
  listRunning: 'SELECT execution_arn FROM execution_states WHERE snapshot IS NOT NULL',

  putWork: upsert('work_items', ['id'], columns.work),
  deleteWork: 'DELETE FROM work_items WHERE id = @id',
  readyWork: 'SELECT * FROM work_items WHERE kind = @kind AND ready_at <= @now ORDER BY ready_at LIMIT @limit',
  readyActivityWork: `SELECT * FROM work_items WHERE activity_arn = @arn AND kind = 'activity' AND ready_at <= @now ORDER BY ready_at LIMIT 1`,
  leaseWork: 'UPDATE work_items SET lease_owner = @owner, lease_until = @until, ready_at = @ready, attempts = attempts + 1 WHERE id = @id',
  nextWorkDue: 'SELECT min(ready_at) FROM work_items WHERE kind = @kind',
  releaseLeases: 'UPDATE work_items SET lease_owner = NULL, lease_until = NULL, ready_at = due_at WHERE lease_owner = @owner',
} as const;

/** A page of executions: one statement per combination of filters, so each can use its index. */
export function executionPageSql(q: ExecutionPageQuery, of: 'state_machine_arn' | 'map_run_arn' = 'state_machine_arn'): string {
  const where = [`e.${of} = @arn`];
  if (q.versionArn !== undefined) where.push('e.state_machine_version_arn = @versionArn');
  if (q.aliasArn !== undefined) where.push('e.state_machine_alias_arn = @aliasArn');
  if (q.statusFilter !== undefined) where.push('e.status = @status');
  if (q.redriven !== undefined) where.push(q.redriven ? 'e.redrive_count > 0' : 'e.redrive_count = 0');
  if (q.from !== undefined) where.push('(e.start_date, e.execution_arn) <= (@fromDate, @fromArn)');
  return `${executionSelect} WHERE ${where.join(' AND ')} ORDER BY e.start_date DESC, e.execution_arn DESC LIMIT @limit`;
}

type Statements = { [K in keyof typeof sql]: Database.Statement };

/** The events of history chunks (JSON arrays), in order. */
const eventsOf = (chunks: string[]): HistoryEvent[] => chunks.flatMap((c) => JSON.parse(c) as HistoryEvent[]);

export class SqliteStore implements Store {
  private readonly s: Statements;
  private readonly pages = new Map<string, Database.Statement>();
  private readonly consoleReads: SqliteConsoleReads;
  private readonly commitBatch: (commits: StepCommit[]) => void;
  private readonly claim: (o: ClaimOptions) => WorkItem[];
  private readonly claimActivity: (activityArn: string, owner: string, now: number, leaseMs: number) => WorkItem | undefined;
  private readonly deleteMachineTx: (arn: string) => void;
  private readonly deleteActivityTx: (arn: string) => void;
  private readonly appendTx: (arn: string, events: HistoryEvent[]) => void;
  private readonly putExecutionTx: (e: ExecutionRecord) => void;

  constructor(
    /** Open to stores of other parts that keep their own tables in the same file (functions). */
    readonly db: Database.Database,
    /** The file it lives in, or `':memory:'`. */
    readonly path: string,
  ) {
    this.s = Object.fromEntries(Object.entries(sql).map(([name, text]) => [name, db.prepare(text)])) as Statements;
    this.consoleReads = new SqliteConsoleReads(db);
    // IMMEDIATE: take the write lock before the first read, so that another process's writer
    // never slips in between a claim's read and its lease.
    const writer = <A extends unknown[], R>(fn: (...args: A) => R) => {
      const tx = db.transaction(fn);
      return (...args: A): R => tx.immediate(...args);
    };
    this.commitBatch = writer((commits: StepCommit[]) => {
      for (const c of commits) this.commitOne(c);
    });
    this.claim = writer((o: ClaimOptions) => this.claimSync(o));
    this.claimActivity = writer((activityArn: string, owner: string, now: number, leaseMs: number) => {
      const row = this.s.readyActivityWork.get({ arn: activityArn, now }) as WorkRow | undefined;
      return row && this.lease(row, owner, now + leaseMs);
    });
    this.deleteMachineTx = writer((arn: string) => {
      this.s.deleteMachine.run({ arn });
      this.s.deleteTags.run({ arn });
    });
    this.deleteActivityTx = writer((arn: string) => {
      this.s.deleteActivity.run({ arn });
      this.s.deleteTags.run({ arn });
    });
    this.appendTx = writer((arn: string, events: HistoryEvent[]) => this.append(arn, events));
    this.putExecutionTx = writer((e: ExecutionRecord) => this.writeExecution(e));
  }

  async getMachine(arn: string) {
    const row = this.s.getMachine.get({ arn }) as MachineRow | undefined;
    return row && machineFromRow(row);
  }
  async putMachine(machine: StateMachineRecord) {
    this.s.putMachine.run(machineToRow(machine));
  }
  async deleteMachine(arn: string) {
    this.deleteMachineTx(arn);
  }
  async listMachines() {
    return (this.s.listMachines.all() as MachineRow[]).map(machineFromRow);
  }

  async getVersion(arn: string) {
    const row = this.s.getVersion.get({ arn }) as VersionRow | undefined;
    return row && versionFromRow(row);
  }
  async putVersion(version: VersionRecord) {
    this.s.putVersion.run(versionToRow(version));
  }
  async deleteVersion(arn: string) {
    this.s.deleteVersion.run({ arn });
  }
  async listVersions(machineArn: string) {
    return (this.s.listVersions.all({ arn: machineArn }) as VersionRow[]).map(versionFromRow);
  }

  async getAlias(arn: string) {
    const row = this.s.getAlias.get({ arn }) as AliasRow | undefined;
    return row && aliasFromRow(row);
  }
  async putAlias(alias: AliasRecord) {
    this.s.putAlias.run(aliasToRow(alias));
  }
  async deleteAlias(arn: string) {
    this.s.deleteAlias.run({ arn });
  }
  async listAliases(machineArn: string) {
    return (this.s.listAliases.all({ arn: machineArn }) as AliasRow[]).map(aliasFromRow);
  }

  async getExecution(arn: string) {
    const row = this.s.getExecution.get({ arn }) as ExecutionReadRow | undefined;
    return row && executionFromRow(row);
  }
  async putExecution(execution: ExecutionRecord) {
    this.putExecutionTx(execution);
  }
  async listExecutions(machineArn: string) {
    return (this.s.listExecutions.all({ arn: machineArn }) as ExecutionReadRow[]).map(executionFromRow);
  }
  async listExecutionsPage(machineArn: string, q: ExecutionPageQuery) {
    return this.page(executionPageSql(q), machineArn, q);
  }
  async listMapRunExecutionsPage(mapRunArn: string, q: ExecutionPageQuery) {
    return this.page(executionPageSql(q, 'map_run_arn'), mapRunArn, q);
  }
  private page(text: string, arn: string, q: ExecutionPageQuery): ExecutionRecord[] {
    let statement = this.pages.get(text);
    if (!statement) this.pages.set(text, (statement = this.db.prepare(text)));
    const rows = statement.all({
      arn,
      versionArn: q.versionArn,
      aliasArn: q.aliasArn,
      status: q.statusFilter,
      fromDate: q.from?.startDate.getTime(),
      fromArn: q.from?.executionArn,
      limit: Math.max(0, q.limit),
    }) as ExecutionReadRow[];
    return rows.map(executionFromRow);
  }
  async appendHistory(executionArn: string, events: HistoryEvent[]) {
    this.appendTx(executionArn, events);
  }
  async getHistory(executionArn: string) {
    return eventsOf(this.s.getHistory.pluck().all({ arn: executionArn }) as string[]);
  }

  async getHistoryRange(executionArn: string, first: number, last: number) {
    return eventsOf(this.consoleReads.historyChunks(executionArn, first, last)).filter((e) => e.id >= first && e.id <= last);
  }
  async searchExecutions(query: ExecutionSearch) {
    return this.consoleReads.search(query);
  }
  async countExecutions(filter: ExecutionFilter) {
    return this.consoleReads.count(filter);
  }
  async listExecutionTimes(since: number) {
    return this.consoleReads.executionTimes(since);
  }
  async listWaitingTokens() {
    return this.consoleReads.waitingTokens();
  }

  async getActivity(arn: string) {
    const row = this.s.getActivity.get({ arn }) as ActivityRow | undefined;
    return row && activityFromRow(row);
  }
  async putActivity(activity: ActivityRecord) {
    this.s.putActivity.run(activityToRow(activity));
  }
  async deleteActivity(arn: string) {
    this.deleteActivityTx(arn);
  }
  async listActivities() {
    return (this.s.listActivities.all() as ActivityRow[]).map(activityFromRow);
  }

  async getTaskToken(token: string) {
    const row = this.s.getTaskToken.get({ token }) as TaskTokenRow | undefined;
    return row && tokenFromRow(row);
  }
  async putTaskToken(token: TaskTokenRecord) {
    this.s.putTaskToken.run(tokenToRow(token));
  }

  async getTags(resourceArn: string) {
    const tags = this.s.getTags.pluck().get({ arn: resourceArn }) as string | undefined;
    return tags === undefined ? [] : (JSON.parse(tags) as Tag[]);
  }
  async putTags(resourceArn: string, tags: Tag[]) {
    this.s.putTags.run({ arn: resourceArn, tags: JSON.stringify(tags) });
  }

  async commitSteps(commits: StepCommit[]) {
    if (commits.length) this.commitBatch(commits);
  }
  async getExecutionState(executionArn: string): Promise<ExecutionStateRecord | undefined> {
    const row = this.s.getState.get({ arn: executionArn }) as { version: number; snapshot: string | null } | undefined;
    return row && { executionArn, version: row.version, snapshot: row.snapshot };
  }
  async claimWork(options: ClaimOptions) {
    return options.limit > 0 ? this.claim(options) : [];
  }
  async claimActivityWork(activityArn: string, owner: string, now: number, leaseMs: number) {
    return this.claimActivity(activityArn, owner, now, leaseMs);
  }
  async nextWorkDue(kinds: WorkKind[]) {
    let next: number | undefined;
    for (const kind of new Set(kinds)) {
      const at = this.s.nextWorkDue.pluck().get({ kind }) as number | null;
      if (at !== null && (next === undefined || at < next)) next = at;
    }
    return next;
  }
  async releaseLeases(owner: string) {
    return this.s.releaseLeases.run({ owner }).changes;
  }
  async listRunningExecutionArns() {
    return this.s.listRunning.pluck().all() as string[];
  }
  async close() {
    if (this.db.open) this.db.close();
  }

  private commitOne(c: StepCommit): void {
    const arn = c.execution.executionArn;
    const { version, snapshot } = c;
    const written = version === 1 ? this.s.insertState.run({ arn, snapshot }) : this.s.updateState.run({ arn, version, snapshot });
    if (written.changes !== 1) throw new StaleStateError(arn);
    if (version === 1) this.writeExecution(c.execution);
    else if (c.executionChanged) this.s.updateExecution.run(executionChangeToRow(c.execution));
    this.append(arn, c.events);
    for (const id of c.removeWork) this.s.deleteWork.run({ id });
    for (const item of c.addWork) this.s.putWork.run(workToRow(item));
    for (const token of c.tokens) this.s.putTaskToken.run(tokenToRow(token));
    for (const child of c.children ?? []) this.commitChild(child);
  }

  private commitChild(c: ChildExecutionCommit): void {
    // A child runs its parent's configuration, stored with the parent's first step (this one or an earlier one).
    if (c.started) this.s.putExecution.run(executionToRow(c.started).row);
    if (c.ended) this.s.endChildExecution.run(executionEndToRow(c.executionArn, c.ended));
    this.append(c.executionArn, c.events);
  }

  private writeExecution(e: ExecutionRecord): void {
    const { row, machine } = executionToRow(e);
    this.s.putExecutionMachine.run({ hash: row.machine_hash, machine });
    this.s.putExecution.run(row);
  }

  private append(arn: string, events: HistoryEvent[]): void {
    for (let i = 0; i < events.length; i += HISTORY_CHUNK_EVENTS) {
      const chunk = i === 0 && events.length <= HISTORY_CHUNK_EVENTS ? events : events.slice(i, i + HISTORY_CHUNK_EVENTS);
      this.s.appendHistory.run({ arn, first: chunk[0].id, events: JSON.stringify(chunk) });
    }
  }

  /** Earliest ready first, where an item whose lease lapsed became ready when it lapsed: a task that keeps losing its worker does not starve newer ones. */
  private claimSync(o: ClaimOptions): WorkItem[] {
    const ready: WorkRow[] = [];
    for (const kind of new Set(o.kinds)) ready.push(...(this.s.readyWork.all({ kind, now: o.now, limit: o.limit }) as WorkRow[]));
    ready.sort((a, b) => a.ready_at - b.ready_at);
    return ready.slice(0, o.limit).map((row) => this.lease(row, o.owner, o.now + o.leaseMs));
  }

  private lease(row: WorkRow, owner: string, until: number): WorkItem {
    this.s.leaseWork.run({ id: row.id, owner, until, ready: Math.max(row.due_at, until) });
    return workFromRow({ ...row, lease_owner: owner, lease_until: until, attempts: row.attempts + 1 });
  }
}
