/**
 * Records to rows and back for the SQL stores: dates as epoch milliseconds, nested values as
 * JSON text, absent optional fields as NULL (and absent again on the way back, not `undefined`).
 */
import { createHash } from 'node:crypto';
import type {
  ActivityRecord,
  AliasRecord,
  ExecutionEnd,
  ExecutionRecord,
  MachineConfig,
  StateMachineRecord,
  TaskTokenRecord,
  VersionRecord,
  WorkItem,
  WorkKind,
} from './store.js';
import type { ExecutionSummary, TaskTokenStatus } from './store.js';
import type { ExecutionStatus, StateMachineType } from '../service/types.js';

type Nullable<T> = T | null;

interface ConfigRow {
  definition: string;
  role_arn: string;
  type: string;
  logging_configuration: string;
  tracing_configuration: string;
  encryption_configuration: Nullable<string>;
}

export interface MachineRow extends ConfigRow {
  arn: string;
  name: string;
  creation_date: number;
  update_date: number;
  revision_id: string;
  last_version: number;
}

export interface VersionRow extends ConfigRow {
  arn: string;
  state_machine_arn: string;
  version: number;
  revision_id: string;
  description: Nullable<string>;
  creation_date: number;
}

export interface AliasRow {
  arn: string;
  state_machine_arn: string;
  name: string;
  description: Nullable<string>;
  routing_configuration: string;
  creation_date: number;
  update_date: number;
}

export interface ExecutionRow {
  execution_arn: string;
  state_machine_arn: string;
  state_machine_version_arn: Nullable<string>;
  state_machine_alias_arn: Nullable<string>;
  name: string;
  status: string;
  input: string;
  output: Nullable<string>;
  error: Nullable<string>;
  cause: Nullable<string>;
  start_date: number;
  stop_date: Nullable<number>;
  machine_hash: string;
  redrive_count: number;
  map_run_arn: Nullable<string>;
}

/** An execution row with its configuration joined in. */
export interface ExecutionReadRow extends ExecutionRow {
  machine: string;
}

export interface ActivityRow {
  arn: string;
  name: string;
  creation_date: number;
}

export interface TaskTokenRow {
  token: string;
  execution_arn: string;
  task_id: Nullable<string>;
  status: string;
  output: Nullable<string>;
  error: Nullable<string>;
  cause: Nullable<string>;
  last_heartbeat: Nullable<number>;
}

export interface WorkRow {
  id: string;
  execution_arn: string;
  kind: string;
  due_at: number;
  ready_at: number;
  payload: string;
  activity_arn: Nullable<string>;
  lease_owner: Nullable<string>;
  lease_until: Nullable<number>;
  attempts: number;
}

/** The column names of a row type, in the order its upsert lists them. */
export const columns = {
  machine: keys<MachineRow>()(
    'arn', 'name', 'definition', 'role_arn', 'type', 'logging_configuration', 'tracing_configuration', 'encryption_configuration',
    'creation_date', 'update_date', 'revision_id', 'last_version',
  ),
  version: keys<VersionRow>()(
    'arn', 'state_machine_arn', 'version', 'definition', 'role_arn', 'type', 'logging_configuration', 'tracing_configuration',
    'encryption_configuration', 'revision_id', 'description', 'creation_date',
  ),
  alias: keys<AliasRow>()('arn', 'state_machine_arn', 'name', 'description', 'routing_configuration', 'creation_date', 'update_date'),
  execution: keys<ExecutionRow>()(
    'execution_arn', 'state_machine_arn', 'state_machine_version_arn', 'state_machine_alias_arn', 'name', 'status', 'input',
    'output', 'error', 'cause', 'start_date', 'stop_date', 'machine_hash', 'redrive_count', 'map_run_arn',
  ),
  activity: keys<ActivityRow>()('arn', 'name', 'creation_date'),
  token: keys<TaskTokenRow>()('token', 'execution_arn', 'task_id', 'status', 'output', 'error', 'cause', 'last_heartbeat'),
  work: keys<WorkRow>()(
    'id', 'execution_arn', 'kind', 'due_at', 'ready_at', 'payload', 'activity_arn', 'lease_owner', 'lease_until', 'attempts',
  ),
};

/** Every column of the row type, checked by the compiler both ways. */
function keys<R>() {
  return <K extends readonly (keyof R & string)[]>(...names: K & ([keyof R] extends [K[number]] ? unknown : never)): K => names;
}

const json = (value: unknown): string => JSON.stringify(value);
const orNull = <T>(value: T | undefined): T | null => (value === undefined ? null : value);

function configToRow(c: MachineConfig): ConfigRow {
  return {
    definition: c.definition,
    role_arn: c.roleArn,
    type: c.type,
    logging_configuration: json(c.loggingConfiguration),
    tracing_configuration: json(c.tracingConfiguration),
    encryption_configuration: c.encryptionConfiguration === undefined ? null : json(c.encryptionConfiguration),
  };
}

function configFromRow(r: ConfigRow): MachineConfig {
  return {
    definition: r.definition,
    roleArn: r.role_arn,
    type: r.type as StateMachineType,
    loggingConfiguration: JSON.parse(r.logging_configuration),
    tracingConfiguration: JSON.parse(r.tracing_configuration),
    ...(r.encryption_configuration !== null && { encryptionConfiguration: JSON.parse(r.encryption_configuration) }),
  };
}

export function machineToRow(m: StateMachineRecord): MachineRow {
  return {
    ...configToRow(m),
    arn: m.arn,
    name: m.name,
    creation_date: m.creationDate.getTime(),
    update_date: m.updateDate.getTime(),
    revision_id: m.revisionId,
    last_version: m.lastVersion,
  };
}

export function machineFromRow(r: MachineRow): StateMachineRecord {
  return {
    ...configFromRow(r),
    arn: r.arn,
    name: r.name,
    creationDate: new Date(r.creation_date),
    updateDate: new Date(r.update_date),
    revisionId: r.revision_id,
    lastVersion: r.last_version,
  };
}

export function versionToRow(v: VersionRecord): VersionRow {
  return {
    ...configToRow(v),
    arn: v.arn,
    state_machine_arn: v.stateMachineArn,
    version: v.version,
    revision_id: v.revisionId,
    description: orNull(v.description),
    creation_date: v.creationDate.getTime(),
  };
}

export function versionFromRow(r: VersionRow): VersionRecord {
  return {
    ...configFromRow(r),
    arn: r.arn,
    stateMachineArn: r.state_machine_arn,
    version: r.version,
    revisionId: r.revision_id,
    ...(r.description !== null && { description: r.description }),
    creationDate: new Date(r.creation_date),
  };
}

export function aliasToRow(a: AliasRecord): AliasRow {
  return {
    arn: a.arn,
    state_machine_arn: a.stateMachineArn,
    name: a.name,
    description: orNull(a.description),
    routing_configuration: json(a.routingConfiguration),
    creation_date: a.creationDate.getTime(),
    update_date: a.updateDate.getTime(),
  };
}

export function aliasFromRow(r: AliasRow): AliasRecord {
  return {
    arn: r.arn,
    stateMachineArn: r.state_machine_arn,
    name: r.name,
    ...(r.description !== null && { description: r.description }),
    routingConfiguration: JSON.parse(r.routing_configuration),
    creationDate: new Date(r.creation_date),
    updateDate: new Date(r.update_date),
  };
}

/** An execution's row, and its configuration as JSON text under the content hash that names it. */
export function executionToRow(e: ExecutionRecord): { row: ExecutionRow; machine: string } {
  const { machine, hash } = machineText(e.machine);
  const row: ExecutionRow = {
    ...executionChangeToRow(e),
    state_machine_arn: e.stateMachineArn,
    state_machine_version_arn: orNull(e.stateMachineVersionArn),
    state_machine_alias_arn: orNull(e.stateMachineAliasArn),
    name: e.name,
    input: e.input,
    start_date: e.startDate.getTime(),
    machine_hash: hash,
    map_run_arn: orNull(e.mapRunArn),
  };
  return { row, machine };
}

/**
 * An execution's configuration as stored, and its content hash. Records are plain data, never
 * changed in place, so one answer serves every row that shares the object: a Distributed Map's
 * thousands of child executions share their parent's.
 */
const machineTexts = new WeakMap<ExecutionRecord['machine'], { machine: string; hash: string }>();
function machineText(m: ExecutionRecord['machine']): { machine: string; hash: string } {
  let text = machineTexts.get(m);
  if (!text) {
    const machine = json({ ...m, updateDate: m.updateDate.getTime() });
    machineTexts.set(m, (text = { machine, hash: createHash('sha256').update(machine).digest('base64url') }));
  }
  return text;
}

/** The columns of an execution's row that a step after its first may change (ending it, redriving it). */
export const executionChangeColumns = ['status', 'output', 'error', 'cause', 'stop_date', 'redrive_count'] as const;

export type ExecutionChangeRow = Pick<ExecutionRow, 'execution_arn' | (typeof executionChangeColumns)[number]>;

export function executionChangeToRow(e: ExecutionRecord): ExecutionChangeRow {
  return { ...executionEndToRow(e.executionArn, e), redrive_count: e.redriveCount };
}

/** The columns a list or search shows; an execution row's other columns stay unread. */
export type ExecutionSummaryRow = Pick<
  ExecutionRow,
  'execution_arn' | 'state_machine_arn' | 'state_machine_version_arn' | 'state_machine_alias_arn' | 'name' | 'status' | 'start_date' | 'stop_date' | 'redrive_count'
>;

export function executionSummaryFromRow(r: ExecutionSummaryRow): ExecutionSummary {
  return {
    executionArn: r.execution_arn,
    stateMachineArn: r.state_machine_arn,
    ...(r.state_machine_version_arn !== null && { stateMachineVersionArn: r.state_machine_version_arn }),
    ...(r.state_machine_alias_arn !== null && { stateMachineAliasArn: r.state_machine_alias_arn }),
    name: r.name,
    status: r.status as ExecutionStatus,
    startDate: new Date(r.start_date),
    ...(r.stop_date !== null && { stopDate: new Date(r.stop_date) }),
    redriveCount: r.redrive_count,
  };
}

export function executionFromRow(r: ExecutionReadRow): ExecutionRecord {
  const machine = JSON.parse(r.machine) as ExecutionRecord['machine'] & { updateDate: number };
  return {
    ...executionSummaryFromRow(r),
    input: r.input,
    ...(r.output !== null && { output: r.output }),
    ...(r.error !== null && { error: r.error }),
    ...(r.cause !== null && { cause: r.cause }),
    machine: { ...machine, updateDate: new Date(machine.updateDate) },
    ...(r.map_run_arn !== null && { mapRunArn: r.map_run_arn }),
  };
}

/** The columns ending a child execution (of a Distributed Map) writes: its redrive count is not a step's to change. */
export const executionEndColumns = ['status', 'output', 'error', 'cause', 'stop_date'] as const;

export function executionEndToRow(executionArn: string, e: ExecutionEnd): Pick<ExecutionRow, 'execution_arn' | (typeof executionEndColumns)[number]> {
  return {
    execution_arn: executionArn,
    status: e.status,
    output: orNull(e.output),
    error: orNull(e.error),
    cause: orNull(e.cause),
    stop_date: e.stopDate === undefined ? null : e.stopDate.getTime(),
  };
}

export function activityToRow(a: ActivityRecord): ActivityRow {
  return { arn: a.arn, name: a.name, creation_date: a.creationDate.getTime() };
}

export function activityFromRow(r: ActivityRow): ActivityRecord {
  return { arn: r.arn, name: r.name, creationDate: new Date(r.creation_date) };
}

export function tokenToRow(t: TaskTokenRecord): TaskTokenRow {
  return {
    token: t.token,
    execution_arn: t.executionArn,
    task_id: orNull(t.taskId),
    status: t.status,
    output: orNull(t.output),
    error: orNull(t.error),
    cause: orNull(t.cause),
    last_heartbeat: t.lastHeartbeat === undefined ? null : t.lastHeartbeat.getTime(),
  };
}

export function tokenFromRow(r: TaskTokenRow): TaskTokenRecord {
  return {
    token: r.token,
    executionArn: r.execution_arn,
    ...(r.task_id !== null && { taskId: r.task_id }),
    status: r.status as TaskTokenStatus,
    ...(r.output !== null && { output: r.output }),
    ...(r.error !== null && { error: r.error }),
    ...(r.cause !== null && { cause: r.cause }),
    ...(r.last_heartbeat !== null && { lastHeartbeat: new Date(r.last_heartbeat) }),
  };
}

export function workToRow(w: WorkItem): WorkRow {
  return {
    id: w.id,
    execution_arn: w.executionArn,
    kind: w.kind,
    due_at: w.dueAt,
    ready_at: Math.max(w.dueAt, w.leaseUntil ?? w.dueAt),
    payload: w.payload,
    activity_arn: orNull(w.activityArn),
    lease_owner: orNull(w.leaseOwner),
    lease_until: orNull(w.leaseUntil),
    attempts: w.attempts,
  };
}

export function workFromRow(r: WorkRow): WorkItem {
  return {
    id: r.id,
    executionArn: r.execution_arn,
    kind: r.kind as WorkKind,
    dueAt: r.due_at,
    payload: r.payload,
    ...(r.activity_arn !== null && { activityArn: r.activity_arn }),
    ...(r.lease_owner !== null && { leaseOwner: r.lease_owner }),
    ...(r.lease_until !== null && { leaseUntil: r.lease_until }),
    attempts: r.attempts,
  };
}
