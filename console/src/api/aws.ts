/**
 * The Step Functions JSON API as the console calls it: the same `POST /` with `X-Amz-Target`
 * that the AWS SDKs send, so the console shows exactly what an SDK would see.
 */

/** An AWS error answer: `type` is the wire's `__type` (`ExecutionDoesNotExist`, `InvalidDefinition`…). */
export class AwsError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = type;
  }
}

export async function sfn<T>(action: string, body: object = {}): Promise<T> {
  const res = await fetch('/', {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': `AWSStepFunctions.${action}` },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  const json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  if (!res.ok) {
    const type = String(json.__type ?? res.headers.get('x-amzn-ErrorType') ?? `HTTP ${res.status}`).replace(/^.*#/, '');
    throw new AwsError(type, String(json.message ?? json.Message ?? text), res.status);
  }
  return json as T;
}

/** Every page of a paged list action, following `nextToken`. */
export async function sfnAll<T, K extends string>(action: string, body: object, key: K): Promise<T[]> {
  const all: T[] = [];
  let nextToken: string | undefined;
  do {
    const page = await sfn<Record<K, T[]> & { nextToken?: string }>(action, { ...body, ...(nextToken && { nextToken }) });
    all.push(...page[key]);
    nextToken = page.nextToken;
  } while (nextToken);
  return all;
}

export interface StateMachine {
  stateMachineArn: string;
  name: string;
  type: 'STANDARD' | 'EXPRESS';
  definition: string;
  roleArn: string;
  creationDate: number;
  status?: string;
  revisionId?: string;
  description?: string;
}

export interface Version {
  stateMachineVersionArn: string;
  creationDate: number;
}

export interface Alias {
  stateMachineAliasArn: string;
  creationDate: number;
}

export interface AliasDetail extends Alias {
  name: string;
  description?: string;
  routingConfiguration: { stateMachineVersionArn: string; weight: number }[];
}

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED' | 'PENDING_REDRIVE';

export interface Execution {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  status: ExecutionStatus;
  startDate: number;
  stopDate?: number;
  input?: string;
  output?: string;
  error?: string;
  cause?: string;
  redriveCount?: number;
  redriveStatus?: string;
  redriveStatusReason?: string;
  stateMachineVersionArn?: string;
  stateMachineAliasArn?: string;
}

/** A history event as GetExecutionHistory sends it: `timestamp` in epoch seconds, payloads as JSON text. */
export interface HistoryEvent {
  id: number;
  previousEventId?: number;
  timestamp: number | string;
  type: string;
  [details: string]: unknown;
}

export interface Diagnostic {
  severity: 'ERROR' | 'WARNING';
  code: string;
  message: string;
  location?: string;
}

/** The whole history, a thousand events a call. */
export async function executionHistory(executionArn: string): Promise<HistoryEvent[]> {
  return sfnAll<HistoryEvent, 'events'>('GetExecutionHistory', { executionArn, maxResults: 1000 }, 'events');
}
