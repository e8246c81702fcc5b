/**
 * What Stepwise keeps, behind one interface: in memory (tests, the CLI), SQLite (the default
 * server) and PostgreSQL (several nodes). Methods are async so that durable stores fit; records
 * are plain data. The store checks nothing but versions: every rule lives in the service.
 *
 * Durable executions follow one rule (Temporal's transactional outbox): every transition of an
 * execution commits its new engine snapshot, its new history events and its new work items
 * together, in one transaction, or not at all (`commitSteps`).
 */
import type { HistoryEvent } from '../engine/history.js';
import type {
  EncryptionConfiguration,
  ExecutionStatus,
  LoggingConfiguration,
  RoutingConfigurationItem,
  StateMachineType,
  Tag,
  TracingConfiguration,
} from '../service/types.js';

/** What a revision (and so a version, and an execution) of a state machine runs. */
export interface MachineConfig {
  definition: string;
  roleArn: string;
  type: StateMachineType;
  loggingConfiguration: LoggingConfiguration;
  tracingConfiguration: TracingConfiguration;
  encryptionConfiguration?: EncryptionConfiguration;
}

export interface StateMachineRecord extends MachineConfig {
  arn: string;
  name: string;
  creationDate: Date;
  updateDate: Date;
  revisionId: string;
  /** The highest version number ever published: AWS never reuses one. */
  lastVersion: number;
}

export interface VersionRecord extends MachineConfig {
  arn: string;
  stateMachineArn: string;
  version: number;
  revisionId: string;
  description?: string;
  creationDate: Date;
}

export interface AliasRecord {
  arn: string;
  stateMachineArn: string;
  name: string;
  description?: string;
  routingConfiguration: RoutingConfigurationItem[];
  creationDate: Date;
  updateDate: Date;
}

export interface ExecutionRecord {
  executionArn: string;
  stateMachineArn: string;
  stateMachineVersionArn?: string;
  stateMachineAliasArn?: string;
  name: string;
  status: ExecutionStatus;
  /** JSON text, as given. */
  input: string;
  output?: string;
  error?: string;
  cause?: string;
  startDate: Date;
  stopDate?: Date;
  /** The configuration the execution runs, for DescribeStateMachineForExecution. */
  machine: MachineConfig & { name: string; revisionId: string; updateDate: Date };
  redriveCount: number;
  /** A Distributed Map iteration's child execution: the Map Run that started it. */
  mapRunArn?: string;
}

/** What ending an execution changes in its row. */
export type ExecutionEnd = Pick<ExecutionRecord, 'status' | 'output' | 'error' | 'cause' | 'stopDate'>;

/**
 * A Distributed Map iteration's child execution as its parent's step changed it. It has no
 * snapshot or work of its own (it runs inside its parent's), only its row and its history.
 */
export interface ChildExecutionCommit {
  executionArn: string;
  /** The whole row, written by the step that started it (ended already if the same step ended it); its `machine` is its parent's, stored with the parent. */
  started?: ExecutionRecord;
  /** How it ended, written by a later step. */
  ended?: ExecutionEnd;
  /** Appended to its own history. */
  events: HistoryEvent[];
}

export interface ActivityRecord {
  arn: string;
  name: string;
  creationDate: Date;
}

export type TaskTokenStatus = 'WAITING' | 'SUCCEEDED' | 'FAILED';

/** A callback a running execution waits for (`.waitForTaskToken`, activities). */
export interface TaskTokenRecord {
  token: string;
  executionArn: string;
  /** The engine's task the token completes. */
  taskId?: string;
  status: TaskTokenStatus;
  output?: string;
  error?: string;
  cause?: string;
  lastHeartbeat?: Date;
}

/** The engine snapshot of an execution; `version` grows by one with every committed step. */
export interface ExecutionStateRecord {
  executionArn: string;
  version: number;
  /** The engine's `ExecutionSnapshot` as JSON text, opaque to stores; null once the execution ended. */
  snapshot: string | null;
}

/**
 * Work a running execution is owed, due at `dueAt`: a timer to fire (Wait, retry backoff,
 * timeouts), a task to carry out (at least once: a lease that expires is taken over), or an
 * activity task waiting for a worker's GetActivityTask. A wait is a row, never a sleep.
 */
export type WorkKind = 'timer' | 'task' | 'activity';

export interface WorkItem {
  /** Unique: `${executionArn}|${timerId or taskId}`. */
  id: string;
  executionArn: string;
  kind: WorkKind;
  /** Epoch milliseconds. */
  dueAt: number;
  /** JSON text: the engine's command (`StartTimer`, `ScheduleTask`). */
  payload: string;
  /** For `activity` items: the activity whose workers may take it. */
  activityArn?: string;
  /** Who holds the item and until when (epoch ms); a lapsed lease may be claimed again. */
  leaseOwner?: string;
  leaseUntil?: number;
  /** How many times the item was claimed. */
  attempts: number;
}

/** One transition of one execution, committed whole. */
export interface StepCommit {
  /** The execution row as of this step (status, output, stop date…). */
  execution: ExecutionRecord;
  /**
   * Whether the step changes the execution row: it starts, ends or redrives the execution. Most
   * steps leave the row as it was, and the store then leaves it unwritten. The first step (version
   * 1) always writes the whole row; a later one only what a step can change: status, output,
   * error, cause, stop date and redrive count.
   */
  executionChanged: boolean;
  /**
   * The version this step makes: one more than the stored one (1 for the first step). Checked
   * on every commit, the last one included, so that two nodes can never both end an execution.
   */
  version: number;
  /** The new engine snapshot; `null` once the execution has ended (the version stays, as a tombstone). */
  snapshot: string | null;
  /** Appended to the history, each at the position its id names (the engine numbers them 1, 2, 3…). */
  events: HistoryEvent[];
  addWork: WorkItem[];
  /** Ids of work items this step consumed or cancelled. */
  removeWork: string[];
  tokens: TaskTokenRecord[];
  /** The child executions (of Distributed Maps) the step started, advanced or ended. */
  children?: ChildExecutionCommit[];
}

/** Which executions of a machine one page holds, newest first (start date, then ARN, both descending). */
export interface ExecutionPageQuery {
  /** Only those started through this version ARN. */
  versionArn?: string;
  /** Only those started through this alias ARN. */
  aliasArn?: string;
  statusFilter?: ExecutionStatus;
  /** Only those redriven at least once (true), or never (false). */
  redriven?: boolean;
  limit: number;
  /** Where the page starts (inclusive): the execution after the previous page's last. */
  from?: { startDate: Date; executionArn: string };
}

/** Which executions the console's list shows, of one machine or all: every filter is optional. */
export interface ExecutionFilter {
  stateMachineArn?: string;
  status?: ExecutionStatus;
  /** Part of the name; ASCII letters match whatever their case. */
  nameContains?: string;
  /** Started at or after (epoch ms). */
  from?: number;
  /** Started at or before (epoch ms). */
  to?: number;
}

/** One page of `ExecutionFilter`'s executions, newest first (start date, then ARN, both descending). */
export interface ExecutionSearch extends ExecutionFilter {
  limit: number;
  /** Where the page starts (inclusive): the execution after the previous page's last. */
  cursor?: { startDate: Date; executionArn: string };
}

/** An execution's row without its payloads and configuration: what a list of executions shows. */
export type ExecutionSummary = Pick<ExecutionRecord, 'executionArn' | 'stateMachineArn' | 'stateMachineVersionArn' | 'stateMachineAliasArn' | 'name' | 'status' | 'startDate' | 'stopDate' | 'redriveCount'>;

/** When an execution started and stopped, for metrics over time. */
export interface ExecutionTimes {
  stateMachineArn: string;
  executionArn: string;
  status: ExecutionStatus;
  /** Epoch ms. */
  startDate: number;
  stopDate?: number;
}

/**
 * A task token nobody has answered, of an execution still running: the console's inbox. Whether
 * the task still waits for it, and in which state, is the snapshot's to say (a task that timed
 * out leaves its token WAITING).
 */
export interface WaitingToken {
  token: TaskTokenRecord;
  execution: Pick<ExecutionRecord, 'executionArn' | 'stateMachineArn' | 'name'>;
  /** The execution's engine snapshot (JSON text). */
  snapshot: string;
  /**
   * The token's task while it is still queued: an activity task no worker has taken
   * (`{ command, token }`), or a callback task whose message is not sent yet (`ScheduleTask`).
   */
  work?: WorkItem;
}

/** How `nameContains` compares: ASCII letters in lower case, everything else as is (SQLite's `lower()`). */
export const foldAsciiCase = (s: string): string => s.replace(/[A-Z]+/g, (m) => m.toLowerCase());

/** Another writer committed a step of this execution first: reload and step again. */
export class StaleStateError extends Error {
  constructor(readonly executionArn: string) {
    super(`execution ${executionArn} changed since it was loaded`);
    this.name = 'StaleStateError';
  }
}

export interface ClaimOptions {
  owner: string;
  /** Epoch ms: items due at or before it (and not leased beyond it) are claimed. */
  now: number;
  leaseMs: number;
  limit: number;
  kinds: WorkKind[];
}

export interface Store {
  getMachine(arn: string): Promise<StateMachineRecord | undefined>;
  putMachine(machine: StateMachineRecord): Promise<void>;
  /** Removes the machine with its versions and aliases. */
  deleteMachine(arn: string): Promise<void>;
  listMachines(): Promise<StateMachineRecord[]>;

  getVersion(arn: string): Promise<VersionRecord | undefined>;
  putVersion(version: VersionRecord): Promise<void>;
  deleteVersion(arn: string): Promise<void>;
  listVersions(machineArn: string): Promise<VersionRecord[]>;

  getAlias(arn: string): Promise<AliasRecord | undefined>;
  putAlias(alias: AliasRecord): Promise<void>;
  deleteAlias(arn: string): Promise<void>;
  listAliases(machineArn: string): Promise<AliasRecord[]>;

  getExecution(arn: string): Promise<ExecutionRecord | undefined>;
  putExecution(execution: ExecutionRecord): Promise<void>;
  /** Executions of the machine, of any of its versions and aliases. */
  listExecutions(machineArn: string): Promise<ExecutionRecord[]>;
  /** One page of the machine's executions, read without loading the others. */
  listExecutionsPage(machineArn: string, query: ExecutionPageQuery): Promise<ExecutionRecord[]>;
  /** One page of a Map Run's child executions, in the same order. */
  listMapRunExecutionsPage(mapRunArn: string, query: ExecutionPageQuery): Promise<ExecutionRecord[]>;
  /** Appends events at the positions their ids name: ids go on from the history's last one. */
  appendHistory(executionArn: string, events: HistoryEvent[]): Promise<void>;
  getHistory(executionArn: string): Promise<HistoryEvent[]>;
  /** The events at positions `first`..`last` of the history (1-based: the engine's event ids). */
  getHistoryRange(executionArn: string, first: number, last: number): Promise<HistoryEvent[]>;

  // ---- the console's reads (index-backed: fast with many executions) ----------------------

  searchExecutions(query: ExecutionSearch): Promise<ExecutionSummary[]>;
  countExecutions(filter: ExecutionFilter): Promise<number>;
  /** Executions started at or after `since` (epoch ms), for metrics. */
  listExecutionTimes(since: number): Promise<ExecutionTimes[]>;
  listWaitingTokens(): Promise<WaitingToken[]>;

  getActivity(arn: string): Promise<ActivityRecord | undefined>;
  putActivity(activity: ActivityRecord): Promise<void>;
  deleteActivity(arn: string): Promise<void>;
  listActivities(): Promise<ActivityRecord[]>;

  getTaskToken(token: string): Promise<TaskTokenRecord | undefined>;
  putTaskToken(token: TaskTokenRecord): Promise<void>;

  getTags(resourceArn: string): Promise<Tag[]>;
  putTags(resourceArn: string, tags: Tag[]): Promise<void>;

  // ---- durable executions ----------------------------------------------------------------

  /**
   * Commits several executions' steps in one transaction (group commit). A commit whose state
   * version is not the stored one plus one is rejected with StaleStateError, and so are all the
   * others of the call: the caller retries the rest.
   */
  commitSteps(commits: StepCommit[]): Promise<void>;
  getExecutionState(executionArn: string): Promise<ExecutionStateRecord | undefined>;
  /** Leases up to `limit` due items of the given kinds, earliest first (an item whose lease lapsed is due from then). */
  claimWork(options: ClaimOptions): Promise<WorkItem[]>;
  /** Leases the oldest due `activity` item of one activity, if any. */
  claimActivityWork(activityArn: string, owner: string, now: number, leaseMs: number): Promise<WorkItem | undefined>;
  /** When the next item of these kinds falls due (leases included), for sleeping until then. */
  nextWorkDue(kinds: WorkKind[]): Promise<number | undefined>;
  /**
   * Frees every lease `owner` holds: a node restarting under its old id takes its unfinished
   * work back at once instead of waiting for the leases to lapse.
   */
  releaseLeases(owner: string): Promise<number>;
  /** Executions whose snapshot is still stored, i.e. not ended. */
  listRunningExecutionArns(): Promise<string[]>;
  close(): Promise<void>;
}
