/**
 * The contract of the function runtime: what a function is (its configuration), how it is
 * invoked, and what an invocation returns. The registry and the Lambda REST API code against it.
 */

export type Runtime = 'nodejs20.x' | 'nodejs22.x' | 'python3.11' | 'python3.12' | 'python3.13' | 'provided.al2023' | 'provided.al2';

export const RUNTIMES: readonly Runtime[] = ['nodejs20.x', 'nodejs22.x', 'python3.11', 'python3.12', 'python3.13', 'provided.al2023', 'provided.al2'];

export type RuntimeFamily = 'nodejs' | 'python' | 'provided';

export function runtimeFamily(runtime: Runtime): RuntimeFamily {
  if (runtime.startsWith('nodejs')) return 'nodejs';
  if (runtime.startsWith('python')) return 'python';
  return 'provided';
}

export interface FunctionConfig {
  functionName: string;
  /** Unqualified (`…:function:name`) or qualified (`…:function:name:2`); environments are keyed by function and version. */
  functionArn: string;
  /** '$LATEST' or a published version number. */
  version: string;
  runtime: Runtime;
  /** 'index.handler', 'lambda_function.lambda_handler'; ignored by provided.* runtimes except as _HANDLER. */
  handler: string;
  /** The unpacked code on disk. */
  codeDir: string;
  /** MB. */
  memorySize: number;
  /** Seconds. */
  timeout: number;
  environment: Record<string, string>;
  /** Undefined: unreserved (only the global limit applies). 0 throttles every invoke, as in AWS. */
  reservedConcurrency?: number;
}

export interface InvokeOptions {
  requestId?: string;
  /** As the Invoke API takes it (X-Amz-Client-Context): base64 of a JSON object. */
  clientContext?: string;
  logType?: 'None' | 'Tail';
}

export interface InvokeResult {
  /** The response JSON text, or the error JSON text when functionError is set. */
  payload: string;
  /** X-Amz-Function-Error. */
  functionError?: 'Unhandled';
  /** Base64 of the last 4 KB of this invocation's log, when logType is 'Tail'. */
  logResult?: string;
  executedVersion: string;
  requestId: string;
  durationMs: number;
  billedDurationMs: number;
  maxMemoryUsedMB: number;
  /** Only on a cold start. */
  initDurationMs?: number;
}

/** One line of a function's log, as CloudWatch Logs would hold it. */
export interface LogEntry {
  /** Epoch milliseconds. */
  timestamp: number;
  functionName: string;
  logStreamName: string;
  message: string;
}

export interface Metering {
  invocations: number;
  /** Invocations that returned a function error. */
  errors: number;
  throttles: number;
  timeouts: number;
  coldStarts: number;
  durationMs: number;
  billedDurationMs: number;
  /** Billed milliseconds × memory in GB, in seconds: what AWS's GB-second price applies to. */
  billedGbSeconds: number;
  concurrentExecutions: number;
  maxConcurrentExecutions: number;
}

export type FunctionRuntimeErrorCode =
  | 'TooManyRequestsException'
  | 'RequestEntityTooLargeException'
  | 'InvalidRequestContentException'
  | 'ServiceException';

const STATUS: Record<FunctionRuntimeErrorCode, number> = {
  TooManyRequestsException: 429,
  RequestEntityTooLargeException: 413,
  InvalidRequestContentException: 400,
  ServiceException: 500,
};

/** An AWS-level failure of Invoke (the function never ran, or the service failed), not a function error. */
export class FunctionRuntimeError extends Error {
  override readonly name = 'FunctionRuntimeError';
  readonly statusCode: number;
  constructor(
    readonly code: FunctionRuntimeErrorCode,
    message: string,
    /** TooManyRequestsException's `Reason`, e.g. 'ReservedFunctionConcurrentInvocationLimitExceeded'. */
    readonly reason?: string,
  ) {
    super(message);
    this.statusCode = STATUS[code];
  }
}
