/**
 * The Step Functions API's request and response shapes, field for field as AWS names them
 * (awsJson1_0, camelCase). Timestamps are `Date`s here; the protocol adapter turns them into
 * epoch seconds on the wire.
 */
import type { HistoryEvent } from '../engine/history.js';

export type StateMachineType = 'STANDARD' | 'EXPRESS';
export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED' | 'PENDING_REDRIVE';
export type LogLevel = 'ALL' | 'ERROR' | 'FATAL' | 'OFF';

export interface Tag {
  key?: string;
  value?: string;
}

export interface LoggingConfiguration {
  level?: LogLevel;
  includeExecutionData?: boolean;
  destinations?: { cloudWatchLogsLogGroup?: { logGroupArn?: string } }[];
}

export interface TracingConfiguration {
  enabled?: boolean;
}

export interface EncryptionConfiguration {
  kmsKeyId?: string;
  kmsDataKeyReusePeriodSeconds?: number;
  type?: 'AWS_OWNED_KEY' | 'CUSTOMER_MANAGED_KMS_KEY';
}

export interface RoutingConfigurationItem {
  stateMachineVersionArn: string;
  weight: number;
}

export interface Page {
  maxResults?: number;
  nextToken?: string;
}

// ---- state machines ----------------------------------------------------------------------

export interface CreateStateMachineInput {
  name: string;
  definition: string;
  roleArn: string;
  type?: StateMachineType;
  loggingConfiguration?: LoggingConfiguration;
  tags?: Tag[];
  tracingConfiguration?: TracingConfiguration;
  publish?: boolean;
  versionDescription?: string;
  encryptionConfiguration?: EncryptionConfiguration;
}
export interface CreateStateMachineOutput {
  stateMachineArn: string;
  creationDate: Date;
  stateMachineVersionArn?: string;
}

export interface UpdateStateMachineInput {
  stateMachineArn: string;
  definition?: string;
  roleArn?: string;
  loggingConfiguration?: LoggingConfiguration;
  tracingConfiguration?: TracingConfiguration;
  publish?: boolean;
  versionDescription?: string;
  encryptionConfiguration?: EncryptionConfiguration;
}
export interface UpdateStateMachineOutput {
  updateDate: Date;
  revisionId?: string;
  stateMachineVersionArn?: string;
}

export interface DescribeStateMachineOutput {
  stateMachineArn: string;
  name: string;
  status?: 'ACTIVE' | 'DELETING';
  definition: string;
  roleArn: string;
  type: StateMachineType;
  creationDate: Date;
  loggingConfiguration?: LoggingConfiguration;
  tracingConfiguration?: TracingConfiguration;
  label?: string;
  revisionId?: string;
  description?: string;
  encryptionConfiguration?: EncryptionConfiguration;
}

export interface StateMachineListItem {
  stateMachineArn: string;
  name: string;
  type: StateMachineType;
  creationDate: Date;
}

export interface ValidateStateMachineDefinitionInput {
  definition: string;
  type?: StateMachineType;
  severity?: 'ERROR' | 'WARNING';
  maxResults?: number;
}
export interface ValidateStateMachineDefinitionOutput {
  result: 'OK' | 'FAIL';
  diagnostics: { severity: 'ERROR' | 'WARNING'; code: string; message: string; location?: string }[];
  truncated: boolean;
}

// ---- versions and aliases ---------------------------------------------------------------------

export interface PublishStateMachineVersionInput {
  stateMachineArn: string;
  revisionId?: string;
  description?: string;
}
export interface PublishStateMachineVersionOutput {
  creationDate: Date;
  stateMachineVersionArn: string;
}

export interface CreateStateMachineAliasInput {
  name: string;
  description?: string;
  routingConfiguration: RoutingConfigurationItem[];
}
export interface CreateStateMachineAliasOutput {
  stateMachineAliasArn: string;
  creationDate: Date;
}
export interface UpdateStateMachineAliasInput {
  stateMachineAliasArn: string;
  description?: string;
  routingConfiguration?: RoutingConfigurationItem[];
}
export interface DescribeStateMachineAliasOutput {
  stateMachineAliasArn: string;
  name: string;
  description?: string;
  routingConfiguration: RoutingConfigurationItem[];
  creationDate: Date;
  updateDate?: Date;
}

// ---- executions -----------------------------------------------------------------------------

export interface StartExecutionInput {
  stateMachineArn: string;
  name?: string;
  input?: string;
  traceHeader?: string;
}
export interface StartExecutionOutput {
  executionArn: string;
  startDate: Date;
}

export interface StartSyncExecutionOutput {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  startDate: Date;
  stopDate: Date;
  status: 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT';
  input?: string;
  inputDetails: { included: boolean };
  output?: string;
  outputDetails: { included: boolean };
  error?: string;
  cause?: string;
  billingDetails: { billedMemoryUsedInMB: number; billedDurationInMilliseconds: number };
}

export interface DescribeExecutionOutput {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  status: ExecutionStatus;
  startDate: Date;
  stopDate?: Date;
  input?: string;
  inputDetails: { included: boolean };
  output?: string;
  outputDetails?: { included: boolean };
  error?: string;
  cause?: string;
  stateMachineVersionArn?: string;
  stateMachineAliasArn?: string;
  redriveCount: number;
  redriveStatus: 'REDRIVABLE' | 'NOT_REDRIVABLE' | 'REDRIVABLE_BY_MAP_RUN';
  redriveStatusReason?: string;
  /** A Distributed Map's child execution: the Map Run that started it. */
  mapRunArn?: string;
}

export interface ExecutionListItem {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  status: ExecutionStatus;
  startDate: Date;
  stopDate?: Date;
  stateMachineVersionArn?: string;
  stateMachineAliasArn?: string;
  redriveCount: number;
  /** Listed by Map Run: the Map Run, and how many items the child execution processed. */
  mapRunArn?: string;
  itemCount?: number;
}

export interface ListExecutionsInput extends Page {
  stateMachineArn?: string;
  statusFilter?: ExecutionStatus;
  mapRunArn?: string;
  redriveFilter?: 'REDRIVEN' | 'NOT_REDRIVEN';
}

export interface GetExecutionHistoryInput extends Page {
  executionArn: string;
  reverseOrder?: boolean;
  includeExecutionData?: boolean;
}
export interface GetExecutionHistoryOutput {
  events: HistoryEvent[];
  nextToken?: string;
}

export interface StopExecutionInput {
  executionArn: string;
  error?: string;
  cause?: string;
}

// ---- activities and task tokens ----------------------------------------------------------------

export interface ActivityListItem {
  activityArn: string;
  name: string;
  creationDate: Date;
}

export interface GetActivityTaskOutput {
  taskToken?: string;
  input?: string;
}
