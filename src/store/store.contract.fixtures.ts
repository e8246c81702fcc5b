/** Records for the store contract suite: complete ones (every optional field set) and bare ones. */
import type { HistoryEvent } from '../engine/history.js';
import type {
  AliasRecord,
  ExecutionRecord,
  StateMachineRecord,
  StepCommit,
  TaskTokenRecord,
  VersionRecord,
  WorkItem,
  WorkKind,
} from './store.js';

const PREFIX = 'arn:aws:states:us-east-1:123456789012';

/** A date with milliseconds, so a store that keeps seconds fails the round trips. */
export const date = (offsetMs: number): Date => new Date(1_700_000_000_123 + offsetMs);

export function machine(name: string, extra: Partial<StateMachineRecord> = {}): StateMachineRecord {
  return {
    arn: `${PREFIX}:stateMachine:${name}`,
    name,
    definition: JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }),
    roleArn: 'arn:aws:iam::123456789012:role/r',
    type: 'STANDARD',
    loggingConfiguration: { level: 'ERROR', includeExecutionData: true, destinations: [{ cloudWatchLogsLogGroup: { logGroupArn: 'arn:aws:logs:g' } }] },
    tracingConfiguration: { enabled: false },
    creationDate: date(0),
    updateDate: date(1),
    revisionId: 'rev-1',
    lastVersion: 0,
    ...extra,
  };
}

export function version(m: StateMachineRecord, n: number, extra: Partial<VersionRecord> = {}): VersionRecord {
  return {
    definition: m.definition,
    roleArn: m.roleArn,
    type: m.type,
    loggingConfiguration: m.loggingConfiguration,
    tracingConfiguration: m.tracingConfiguration,
    arn: `${m.arn}:${n}`,
    stateMachineArn: m.arn,
    version: n,
    revisionId: `rev-${n}`,
    creationDate: date(n * 1000),
    ...extra,
  };
}

export function alias(m: StateMachineRecord, name: string, extra: Partial<AliasRecord> = {}): AliasRecord {
  return {
    arn: `${m.arn}:${name}`,
    stateMachineArn: m.arn,
    name,
    routingConfiguration: [
      { stateMachineVersionArn: `${m.arn}:1`, weight: 80 },
      { stateMachineVersionArn: `${m.arn}:2`, weight: 20 },
    ],
    creationDate: date(5),
    updateDate: date(6),
    ...extra,
  };
}

export function execution(m: StateMachineRecord, name: string, extra: Partial<ExecutionRecord> = {}): ExecutionRecord {
  return {
    executionArn: `${PREFIX}:execution:${m.name}:${name}`,
    stateMachineArn: m.arn,
    name,
    status: 'RUNNING',
    input: '{"order": 1, "é": "ü"}',
    startDate: date(10),
    machine: {
      name: m.name,
      revisionId: m.revisionId,
      updateDate: m.updateDate,
      definition: m.definition,
      roleArn: m.roleArn,
      type: m.type,
      loggingConfiguration: m.loggingConfiguration,
      tracingConfiguration: m.tracingConfiguration,
    },
    redriveCount: 0,
    ...extra,
  };
}

export function event(id: number, type: HistoryEvent['type'], details: Record<string, unknown> = {}): HistoryEvent {
  return { id, previousEventId: id - 1, timestamp: date(id).toISOString(), type, ...details };
}

export function work(executionArn: string, key: string, kind: WorkKind, dueAt: number, extra: Partial<WorkItem> = {}): WorkItem {
  return {
    id: `${executionArn}|${key}`,
    executionArn,
    kind,
    dueAt,
    payload: JSON.stringify({ type: kind === 'timer' ? 'StartTimer' : 'ScheduleTask', id: key }),
    attempts: 0,
    ...extra,
  };
}

export function token(executionArn: string, name: string, extra: Partial<TaskTokenRecord> = {}): TaskTokenRecord {
  return { token: `token-${name}`, executionArn, status: 'WAITING', ...extra };
}

/** A step of `e` making state version `version`, with a snapshot (null: the execution ended), its row as changed, and nothing else unless given. */
export function step(e: ExecutionRecord, version: number, extra: Partial<StepCommit> = {}): StepCommit {
  return { execution: e, executionChanged: true, version, snapshot: snapshot(version), events: [], addWork: [], removeWork: [], tokens: [], ...extra };
}

export const snapshot = (version: number): string => JSON.stringify({ v: version, frames: [{ state: 'P' }] });

/** What `getExecutionState` holds after `step(e, version)`. */
export const stateOf = (e: ExecutionRecord, version: number, ended = false) => ({ executionArn: e.executionArn, version, snapshot: ended ? null : snapshot(version) });

export const activityArnFor = (name: string): string => `${PREFIX}:activity:${name}`;
