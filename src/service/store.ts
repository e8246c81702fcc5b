/**
 * What the service layer keeps, behind one interface: an in-memory store now, SQLite and
 * PostgreSQL later. Methods are async so that durable stores fit; records are plain data.
 * The store checks nothing: every rule lives in the service.
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
} from './types.js';

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
  status: TaskTokenStatus;
  output?: string;
  error?: string;
  cause?: string;
  lastHeartbeat?: Date;
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
  appendHistory(executionArn: string, events: HistoryEvent[]): Promise<void>;
  getHistory(executionArn: string): Promise<HistoryEvent[]>;

  getActivity(arn: string): Promise<ActivityRecord | undefined>;
  putActivity(activity: ActivityRecord): Promise<void>;
  deleteActivity(arn: string): Promise<void>;
  listActivities(): Promise<ActivityRecord[]>;

  getTaskToken(token: string): Promise<TaskTokenRecord | undefined>;
  putTaskToken(token: TaskTokenRecord): Promise<void>;

  getTags(resourceArn: string): Promise<Tag[]>;
  putTags(resourceArn: string, tags: Tag[]): Promise<void>;
}
