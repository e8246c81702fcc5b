/**
 * The console API's wire contract: every `GET /console/api/*` endpoint's query parameters and
 * answer, and the live feed's events, as JSON carries them (dates in epoch milliseconds). The
 * server's handlers and the console's client both type themselves against these, so a change on
 * one side that the other does not follow fails the build. Types, and the values an enumerated
 * parameter takes, importing only types: the browser build imports this file.
 *
 * What the service computes and sends unchanged (metrics, execution status changes) is defined
 * where it is computed and named here.
 */
import type { ExecutionChange } from '../../service/monitoring.js';
import type { BucketSize, MetricsResult } from '../../service/monitoring-metrics.js';
import type { ExecutionStatus, StateMachineType } from '../../service/types.js';
import type { WireHistoryEvent } from './aws-wire.js';

export type { ExecutionChange } from '../../service/monitoring.js';
export type { BucketSize, Hotspot, MetricsResult, SeriesPoint } from '../../service/monitoring-metrics.js';
export type { ExecutionStatus } from '../../service/types.js';

/** The JSON endpoints under `/console/api/`, by name. A query's values travel as text. */
export interface ConsoleApi {
  summary: { query: NoQuery; answer: SummaryAnswer };
  executions: { query: ExecutionsQuery; answer: ExecutionsPage };
  inbox: { query: NoQuery; answer: InboxAnswer };
  metrics: { query: MetricsParams; answer: MetricsResult };
}

export type ConsoleEndpoint = keyof ConsoleApi;
export type NoQuery = Record<string, never>;

/** `GET /console/api/summary`: every state machine, by name. */
export interface SummaryAnswer {
  stateMachines: MachineSummary[];
}

export interface MachineSummary {
  stateMachineArn: string;
  name: string;
  type: StateMachineType;
  creationDate: number;
  versions: number;
  aliases: number;
  lastExecution?: { executionArn: string; status: ExecutionStatus; startDate: number };
  executionsLast24h: number;
}

/** `GET /console/api/executions`: one page, newest first. */
export interface ExecutionsQuery {
  stateMachineArn?: string;
  status?: ExecutionStatus;
  /** A part of the name. */
  name?: string;
  /** On `startDate`, inclusive. */
  from?: number;
  to?: number;
  limit?: number;
  /** A page's `nextCursor`. */
  cursor?: string;
}

/** Every status, in the order a filter lists them. */
export const EXECUTION_STATUSES: readonly ExecutionStatus[] = ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED', 'PENDING_REDRIVE'];

export interface ExecutionsPage {
  executions: ExecutionRow[];
  /** Where the next page starts; absent on the last page. */
  nextCursor?: string;
  /** Every match, when counting is cheap (not for a search by name). */
  total?: number;
}

export interface ExecutionRow {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  status: ExecutionStatus;
  startDate: number;
  stopDate?: number;
  redriveCount: number;
}

/** `GET /console/api/inbox`: the tasks waiting on a token a person could answer, oldest first. */
export interface InboxAnswer {
  tasks: InboxTask[];
}

export interface InboxTask {
  taskToken: string;
  executionArn: string;
  stateMachineArn: string;
  executionName: string;
  stateName: string;
  resource: string;
  input: unknown;
  scheduledAt: number;
  heartbeatSeconds?: number;
  timeoutSeconds?: number;
}

/** `GET /console/api/metrics`: by default the last 24 hours, in buckets that give a few hundred points at most. */
export interface MetricsParams {
  stateMachineArn?: string;
  from?: number;
  to?: number;
  bucket?: BucketSize;
}

/** `GET /console/api/stream`: Server-Sent Events, each event's `data` by its name. */
export interface StreamEvents {
  execution: ExecutionChange;
  history: HistoryAppend;
}

/** The events one committed step of an execution added to its history. */
export interface HistoryAppend {
  executionArn: string;
  events: WireHistoryEvent[];
}
