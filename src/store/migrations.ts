/**
 * The durable stores' schema as plain data (DBOS's habit): one list of migrations, rendered into
 * SQL by a dialect, so SQLite and PostgreSQL run the same history of tables and indexes with
 * their own column types. A migration is applied once, in order, inside one transaction.
 */

/** Column types by meaning; each dialect names its own. */
export type ColumnType =
  /** Text compared and returned byte for byte. */
  | 'text'
  /** JSON kept exactly as written (PostgreSQL's `json`, not `jsonb`, which reorders keys). */
  | 'json'
  | 'integer'
  /** Epoch milliseconds: dates round-trip to the millisecond. */
  | 'epochMs';

export interface Column {
  name: string;
  type: ColumnType;
  nullable?: boolean;
}

export interface CreateTable {
  createTable: string;
  columns: Column[];
  primaryKey: string[];
  /** Rows that go with their parent, as a machine's versions and aliases do. */
  cascadeFrom?: { columns: string[]; table: string; references: string[] };
}

export interface CreateIndex {
  createIndex: string;
  on: string;
  /** Column names, each optionally followed by `DESC`. */
  columns: string[];
  /** A partial index's condition, in SQL both dialects read. */
  where?: string;
}

/** Rows a schema change carries over, in each dialect's own SQL (their JSON and aggregates differ). */
export interface MoveRows {
  moveRows: string;
  sql: Record<Dialect['name'], string>;
}

export interface DropTable {
  dropTable: string;
}

/** A nullable column added to a table: rows already there read NULL. */
export interface AddColumn {
  addColumn: string;
  column: Column & { nullable: true };
}

export type MigrationStep = CreateTable | CreateIndex | MoveRows | DropTable | AddColumn;

export interface Migration {
  version: number;
  name: string;
  steps: MigrationStep[];
}

export interface Dialect {
  name: 'sqlite' | 'postgres';
  types: Record<ColumnType, string>;
}

export const sqliteDialect: Dialect = {
  name: 'sqlite',
  types: { text: 'TEXT', json: 'TEXT', integer: 'INTEGER', epochMs: 'INTEGER' },
};

export const postgresDialect: Dialect = {
  name: 'postgres',
  types: { text: 'TEXT', json: 'JSON', integer: 'INTEGER', epochMs: 'BIGINT' },
};

/** Records which migrations a database has had; created before any migration runs. */
export const migrationsTable: CreateTable = {
  createTable: 'schema_migrations',
  columns: [
    { name: 'version', type: 'integer' },
    { name: 'name', type: 'text' },
    { name: 'applied_at', type: 'epochMs' },
  ],
  primaryKey: ['version'],
};

const config = (): Column[] => [
  { name: 'definition', type: 'text' },
  { name: 'role_arn', type: 'text' },
  { name: 'type', type: 'text' },
  { name: 'logging_configuration', type: 'json' },
  { name: 'tracing_configuration', type: 'json' },
  { name: 'encryption_configuration', type: 'json', nullable: true },
];

/**
 * The most events one row of `history_chunks` holds: a step appends its events as one row, or as
 * a few when it has more (a Map of 10,000 iterations in one step), so that reading a range of a
 * history parses at most a few hundred events around it.
 */
export const HISTORY_CHUNK_EVENTS = 100;

export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'machines, executions, history, activities, tokens, tags, durable state and work',
    steps: [
      {
        createTable: 'state_machines',
        columns: [
          { name: 'arn', type: 'text' },
          { name: 'name', type: 'text' },
          ...config(),
          { name: 'creation_date', type: 'epochMs' },
          { name: 'update_date', type: 'epochMs' },
          { name: 'revision_id', type: 'text' },
          { name: 'last_version', type: 'integer' },
        ],
        primaryKey: ['arn'],
      },
      {
        createTable: 'state_machine_versions',
        columns: [
          { name: 'arn', type: 'text' },
          { name: 'state_machine_arn', type: 'text' },
          { name: 'version', type: 'integer' },
          ...config(),
          { name: 'revision_id', type: 'text' },
          { name: 'description', type: 'text', nullable: true },
          { name: 'creation_date', type: 'epochMs' },
        ],
        primaryKey: ['arn'],
        cascadeFrom: { columns: ['state_machine_arn'], table: 'state_machines', references: ['arn'] },
      },
      { createIndex: 'state_machine_versions_by_machine', on: 'state_machine_versions', columns: ['state_machine_arn', 'version'] },
      {
        createTable: 'state_machine_aliases',
        columns: [
          { name: 'arn', type: 'text' },
          { name: 'state_machine_arn', type: 'text' },
          { name: 'name', type: 'text' },
          { name: 'description', type: 'text', nullable: true },
          { name: 'routing_configuration', type: 'json' },
          { name: 'creation_date', type: 'epochMs' },
          { name: 'update_date', type: 'epochMs' },
        ],
        primaryKey: ['arn'],
        cascadeFrom: { columns: ['state_machine_arn'], table: 'state_machines', references: ['arn'] },
      },
      { createIndex: 'state_machine_aliases_by_machine', on: 'state_machine_aliases', columns: ['state_machine_arn'] },
      {
        // An execution's configuration is the same for every execution of one revision: kept
        // once, by content, rather than a definition copied into every execution row.
        createTable: 'execution_machines',
        columns: [
          { name: 'hash', type: 'text' },
          { name: 'machine', type: 'json' },
        ],
        primaryKey: ['hash'],
      },
      {
        createTable: 'executions',
        columns: [
          { name: 'execution_arn', type: 'text' },
          { name: 'state_machine_arn', type: 'text' },
          { name: 'state_machine_version_arn', type: 'text', nullable: true },
          { name: 'state_machine_alias_arn', type: 'text', nullable: true },
          { name: 'name', type: 'text' },
          { name: 'status', type: 'text' },
          { name: 'input', type: 'text' },
          { name: 'output', type: 'text', nullable: true },
          { name: 'error', type: 'text', nullable: true },
          { name: 'cause', type: 'text', nullable: true },
          { name: 'start_date', type: 'epochMs' },
          { name: 'stop_date', type: 'epochMs', nullable: true },
          { name: 'machine_hash', type: 'text' },
          { name: 'redrive_count', type: 'integer' },
        ],
        primaryKey: ['execution_arn'],
      },
      { createIndex: 'executions_by_machine', on: 'executions', columns: ['state_machine_arn', 'start_date DESC', 'execution_arn DESC'] },
      { createIndex: 'executions_by_machine_status', on: 'executions', columns: ['state_machine_arn', 'status', 'start_date DESC', 'execution_arn DESC'] },
      {
        createTable: 'history_events',
        columns: [
          { name: 'execution_arn', type: 'text' },
          // Append order: the engine's event ids, kept in the event, follow it.
          { name: 'position', type: 'integer' },
          { name: 'event', type: 'json' },
        ],
        primaryKey: ['execution_arn', 'position'],
      },
      {
        createTable: 'activities',
        columns: [
          { name: 'arn', type: 'text' },
          { name: 'name', type: 'text' },
          { name: 'creation_date', type: 'epochMs' },
        ],
        primaryKey: ['arn'],
      },
      {
        createTable: 'task_tokens',
        columns: [
          { name: 'token', type: 'text' },
          { name: 'execution_arn', type: 'text' },
          { name: 'task_id', type: 'text', nullable: true },
          { name: 'status', type: 'text' },
          { name: 'output', type: 'text', nullable: true },
          { name: 'error', type: 'text', nullable: true },
          { name: 'cause', type: 'text', nullable: true },
          { name: 'last_heartbeat', type: 'epochMs', nullable: true },
        ],
        primaryKey: ['token'],
      },
      {
        createTable: 'tags',
        columns: [
          { name: 'resource_arn', type: 'text' },
          { name: 'tags', type: 'json' },
        ],
        primaryKey: ['resource_arn'],
      },
      {
        createTable: 'execution_states',
        columns: [
          { name: 'execution_arn', type: 'text' },
          { name: 'version', type: 'integer' },
          // NULL once the execution ended: the row stays, a tombstone that keeps the version.
          { name: 'snapshot', type: 'json', nullable: true },
        ],
        primaryKey: ['execution_arn'],
      },
      { createIndex: 'execution_states_running', on: 'execution_states', columns: ['execution_arn'], where: 'snapshot IS NOT NULL' },
      {
        createTable: 'work_items',
        columns: [
          { name: 'id', type: 'text' },
          { name: 'execution_arn', type: 'text' },
          { name: 'kind', type: 'text' },
          { name: 'due_at', type: 'epochMs' },
          // When the item may next be claimed: its due time, or the end of its lease. Claims and
          // wake-ups read this one column, so an index answers them without scanning leased rows.
          { name: 'ready_at', type: 'epochMs' },
          { name: 'payload', type: 'json' },
          { name: 'activity_arn', type: 'text', nullable: true },
          { name: 'lease_owner', type: 'text', nullable: true },
          { name: 'lease_until', type: 'epochMs', nullable: true },
          { name: 'attempts', type: 'integer' },
        ],
        primaryKey: ['id'],
      },
      { createIndex: 'work_items_ready', on: 'work_items', columns: ['kind', 'ready_at'] },
      { createIndex: 'work_items_by_lease_owner', on: 'work_items', columns: ['lease_owner'], where: 'lease_owner IS NOT NULL' },
      { createIndex: 'work_items_ready_by_activity', on: 'work_items', columns: ['activity_arn', 'ready_at'], where: 'activity_arn IS NOT NULL' },
    ],
  },
  {
    version: 2,
    name: 'the console: executions of every machine by start date and status, waiting task tokens',
    steps: [
      // Status and name ride along so that a search by name filters in the index, reading the
      // rows of matches only.
      { createIndex: 'executions_by_start', on: 'executions', columns: ['start_date DESC', 'execution_arn DESC', 'status', 'name'] },
      { createIndex: 'executions_by_status', on: 'executions', columns: ['status', 'start_date DESC', 'execution_arn DESC'] },
      { createIndex: 'task_tokens_waiting', on: 'task_tokens', columns: ['execution_arn'], where: "status = 'WAITING'" },
    ],
  },
  {
    version: 3,
    name: "history in chunks: the events a step appends, in one row",
    steps: [
      {
        // One row per step (HISTORY_CHUNK_EVENTS at the most) rather than per event: the
        // execution's ARN, the key, is kept once per step instead of once per event (a third of
        // the history's bytes), and a step inserts one row, which costs less than half the time
        // of one insert per event.
        createTable: 'history_chunks',
        columns: [
          { name: 'execution_arn', type: 'text' },
          // The id of the chunk's first event; the events that follow it are numbered on from it.
          { name: 'first_id', type: 'integer' },
          // A JSON array of the events, in order.
          { name: 'events', type: 'json' },
        ],
        primaryKey: ['execution_arn', 'first_id'],
      },
      {
        moveRows: `the events of history_events, ${HISTORY_CHUNK_EVENTS} a chunk`,
        sql: {
          sqlite: `INSERT INTO history_chunks (execution_arn, first_id, events)
            SELECT execution_arn, min(position), '[' || group_concat(event, ',' ORDER BY position) || ']' FROM history_events
            GROUP BY execution_arn, (position - 1) / ${HISTORY_CHUNK_EVENTS}`,
          postgres: `INSERT INTO history_chunks (execution_arn, first_id, events)
            SELECT execution_arn, min(position), ('[' || string_agg(event::text, ',' ORDER BY position) || ']')::json FROM history_events
            GROUP BY execution_arn, (position - 1) / ${HISTORY_CHUNK_EVENTS}`,
        },
      },
      { dropTable: 'history_events' },
    ],
  },
  {
    version: 4,
    name: "Distributed Map child executions: each execution's Map Run, and a Map Run's executions by start date",
    steps: [
      { addColumn: 'executions', column: { name: 'map_run_arn', type: 'text', nullable: true } },
      {
        createIndex: 'executions_by_map_run',
        on: 'executions',
        columns: ['map_run_arn', 'start_date DESC', 'execution_arn DESC'],
        where: 'map_run_arn IS NOT NULL',
      },
    ],
  },
];

/** The SQL of one step in a dialect. */
export function stepSql(step: MigrationStep, dialect: Dialect): string {
  if ('moveRows' in step) return step.sql[dialect.name];
  if ('dropTable' in step) return `DROP TABLE IF EXISTS ${step.dropTable}`;
  if ('addColumn' in step) return `ALTER TABLE ${step.addColumn} ADD COLUMN ${step.column.name} ${dialect.types[step.column.type]}`;
  if ('createIndex' in step) {
    const where = step.where ? ` WHERE ${step.where}` : '';
    return `CREATE INDEX IF NOT EXISTS ${step.createIndex} ON ${step.on} (${step.columns.join(', ')})${where}`;
  }
  const lines = step.columns.map((c) => `${c.name} ${dialect.types[c.type]}${c.nullable ? '' : ' NOT NULL'}`);
  lines.push(`PRIMARY KEY (${step.primaryKey.join(', ')})`);
  const parent = step.cascadeFrom;
  if (parent) lines.push(`FOREIGN KEY (${parent.columns.join(', ')}) REFERENCES ${parent.table} (${parent.references.join(', ')}) ON DELETE CASCADE`);
  return `CREATE TABLE IF NOT EXISTS ${step.createTable} (\n  ${lines.join(',\n  ')}\n)`;
}
