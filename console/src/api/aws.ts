/**
 * The Step Functions JSON API as the console calls it: the same `POST /` with `X-Amz-Target`
 * that the AWS SDKs send, so the console shows exactly what an SDK would see. Its shapes are the
 * service's own, as AWS JSON carries them.
 */
import type { AwsJson, WireHistoryEvent as HistoryEvent } from '../../../src/api/console/aws-wire.js';
import type { DescribeExecutionOutput, DescribeStateMachineAliasOutput, DescribeStateMachineOutput, ValidateStateMachineDefinitionOutput } from '../../../src/service/types.js';

export type { HistoryEvent };

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

/**
 * An error answer of any of the server's protocols: AWS JSON and the console API name the error in
 * `__type` (perhaps behind a `namespace#`), Lambda's REST API in `X-Amzn-ErrorType` (perhaps with
 * a `:` suffix); the message is `message` or `Message`, or the body itself when it is not JSON.
 */
export function awsError(res: Response, text: string): AwsError {
  let json: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object') json = parsed as Record<string, unknown>;
  } catch {
    // The message is the body as it came.
  }
  const type = String(json.__type ?? res.headers.get('x-amzn-ErrorType') ?? `HTTP ${res.status}`).replace(/^.*#/, '').replace(/:.*$/, '');
  return new AwsError(type, String(json.message ?? json.Message ?? text), res.status);
}

/** A JSON answer's body, or its error thrown; an empty body is `{}`. */
export async function jsonAnswer<T>(res: Response): Promise<T> {
  const text = await res.text();
  if (!res.ok) throw awsError(res, text);
  try {
    return (text ? JSON.parse(text) : {}) as T;
  } catch {
    throw new AwsError(`HTTP ${res.status}`, `The answer is not JSON: ${text.slice(0, 200)}`, res.status);
  }
}

export async function sfn<T>(action: string, body: object = {}): Promise<T> {
  const res = await fetch('/', {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': `AWSStepFunctions.${action}` },
    body: JSON.stringify(body),
  });
  return jsonAnswer<T>(res);
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

export type StateMachine = AwsJson<DescribeStateMachineOutput>;

export interface Version {
  stateMachineVersionArn: string;
  creationDate: number;
}

export interface Alias {
  stateMachineAliasArn: string;
  creationDate: number;
}

export type AliasDetail = AwsJson<DescribeStateMachineAliasOutput>;

export type Execution = AwsJson<DescribeExecutionOutput>;

export type Diagnostic = ValidateStateMachineDefinitionOutput['diagnostics'][number];

/** The whole history, a thousand events a call. */
export async function executionHistory(executionArn: string): Promise<HistoryEvent[]> {
  return sfnAll<HistoryEvent, 'events'>('GetExecutionHistory', { executionArn, maxResults: 1000 }, 'events');
}
