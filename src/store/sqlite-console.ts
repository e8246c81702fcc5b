/**
 * The console's reads on the SQLite store: executions of one machine or all, filtered and paged
 * through an index on the start date (the name is matched within the index's range), and the
 * task tokens still waiting. One statement per combination of filters, prepared once.
 */
import type Database from 'better-sqlite3';
import { executionSummaryFromRow, tokenFromRow, workFromRow, type ExecutionSummaryRow, type TaskTokenRow, type WorkRow } from './sqlite-records.js';
import { foldAsciiCase, type ExecutionFilter, type ExecutionSearch, type ExecutionSummary, type ExecutionTimes, type WaitingToken } from './store.js';
import type { ExecutionStatus } from '../service/types.js';

interface WaitingRow extends TaskTokenRow {
  machine_arn: string;
  execution_name: string;
  snapshot: string;
}

const SUMMARY_COLUMNS = 'execution_arn, state_machine_arn, state_machine_version_arn, state_machine_alias_arn, name, status, start_date, stop_date, redrive_count';

export const consoleSql = {
  executionTimes: 'SELECT state_machine_arn, execution_arn, status, start_date, stop_date FROM executions WHERE start_date >= @since',
  // CROSS JOIN keeps SQLite to this order: the few waiting tokens drive, not every running execution.
  waitingTokens: `SELECT t.*, e.state_machine_arn AS machine_arn, e.name AS execution_name, s.snapshot
    FROM task_tokens t
    CROSS JOIN executions e ON e.execution_arn = t.execution_arn
    CROSS JOIN execution_states s ON s.execution_arn = t.execution_arn
    WHERE t.status = 'WAITING' AND e.status = 'RUNNING' AND s.snapshot IS NOT NULL`,
  getWork: 'SELECT * FROM work_items WHERE id = @id',
  // The chunks holding events first..last: from the last one that starts at or before `first`.
  historyChunks: `SELECT events FROM history_chunks WHERE execution_arn = @arn AND first_id <= @last
    AND first_id >= (SELECT coalesce(max(first_id), 0) FROM history_chunks WHERE execution_arn = @arn AND first_id <= @first)
    ORDER BY first_id`,
} as const;

/** The WHERE clause of a filter: the machine and status pick the index, the dates bound its range. */
function where(f: ExecutionFilter, cursor: boolean): string {
  const terms: string[] = [];
  if (f.stateMachineArn !== undefined) terms.push('state_machine_arn = @machine');
  if (f.status !== undefined) terms.push('status = @status');
  if (f.from !== undefined) terms.push('start_date >= @from');
  if (f.to !== undefined) terms.push('start_date <= @to');
  if (cursor) terms.push('(start_date, execution_arn) <= (@cursorDate, @cursorArn)');
  if (f.nameContains !== undefined) terms.push('instr(lower(name), @needle) > 0');
  return terms.length ? ` WHERE ${terms.join(' AND ')}` : '';
}

/**
 * A search by name walks `executions_by_start`, which holds names and statuses, so that only
 * the rows of matches are read; any other search takes the index its machine and status pick.
 */
const source = (f: ExecutionFilter): string => (f.nameContains === undefined ? 'executions' : 'executions INDEXED BY executions_by_start');

export function searchSql(q: ExecutionSearch): string {
  return `SELECT ${SUMMARY_COLUMNS} FROM ${source(q)}${where(q, q.cursor !== undefined)} ORDER BY start_date DESC, execution_arn DESC LIMIT @limit`;
}

export function countSql(f: ExecutionFilter): string {
  return `SELECT count(*) FROM ${source(f)}${where(f, false)}`;
}

function params(q: ExecutionFilter & Partial<ExecutionSearch>): Record<string, unknown> {
  return {
    machine: q.stateMachineArn,
    status: q.status,
    from: q.from,
    to: q.to,
    needle: q.nameContains === undefined ? undefined : foldAsciiCase(q.nameContains),
    cursorDate: q.cursor?.startDate.getTime(),
    cursorArn: q.cursor?.executionArn,
    limit: q.limit === undefined ? undefined : Math.max(0, q.limit),
  };
}

/** Only the parameters a statement names: better-sqlite3 refuses the others. */
function bind(statement: Database.Statement, all: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(all).filter(([k, v]) => v !== undefined && statement.source.includes(`@${k}`)));
}

export class SqliteConsoleReads {
  private readonly statements = new Map<string, Database.Statement>();

  constructor(private readonly db: Database.Database) {}

  search(q: ExecutionSearch): ExecutionSummary[] {
    const statement = this.prepare(searchSql(q));
    return (statement.all(bind(statement, params(q))) as ExecutionSummaryRow[]).map(executionSummaryFromRow);
  }

  count(f: ExecutionFilter): number {
    const statement = this.prepare(countSql(f));
    return statement.pluck().get(bind(statement, params(f))) as number;
  }

  executionTimes(since: number): ExecutionTimes[] {
    const rows = this.prepare(consoleSql.executionTimes).all({ since }) as Pick<ExecutionSummaryRow, 'state_machine_arn' | 'execution_arn' | 'status' | 'start_date' | 'stop_date'>[];
    return rows.map((r) => ({
      stateMachineArn: r.state_machine_arn,
      executionArn: r.execution_arn,
      status: r.status as ExecutionStatus,
      startDate: r.start_date,
      ...(r.stop_date !== null && { stopDate: r.stop_date }),
    }));
  }

  waitingTokens(): WaitingToken[] {
    const getWork = this.prepare(consoleSql.getWork);
    return (this.prepare(consoleSql.waitingTokens).all() as WaitingRow[]).map((r) => {
      const work = r.task_id === null ? undefined : (getWork.get({ id: `${r.execution_arn}|${r.task_id}` }) as WorkRow | undefined);
      return {
        token: tokenFromRow(r),
        execution: { executionArn: r.execution_arn, stateMachineArn: r.machine_arn, name: r.execution_name },
        snapshot: r.snapshot,
        ...(work && { work: workFromRow(work) }),
      };
    });
  }

  /** The history chunks (JSON arrays of events) that hold the events `first`..`last`, and maybe a few more either side. */
  historyChunks(arn: string, first: number, last: number): string[] {
    return this.prepare(consoleSql.historyChunks).pluck().all({ arn, first, last }) as string[];
  }

  private prepare(text: string): Database.Statement {
    let statement = this.statements.get(text);
    if (!statement) this.statements.set(text, (statement = this.db.prepare(text)));
    return statement;
  }
}
