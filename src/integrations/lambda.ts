/**
 * Task states that call Lambda functions through the function service, shaped as Step Functions
 * reports them:
 *  - `Resource: <function ARN>`: the state's input is the event, the function's response the
 *    result; a function error fails the task with its `errorType`, the raw error payload as cause.
 *  - `arn:aws:states:::lambda:invoke[.waitForTaskToken]`: `Parameters` name the function
 *    (`FunctionName`, `Qualifier`, `Payload`, `InvocationType`, `ClientContext`, `LogType`); the
 *    result is the Invoke response as the AWS Java SDK records it (`Payload`, `StatusCode`,
 *    `SdkHttpMetadata`, …); API errors become `Lambda.<ErrorCode>` with the SDK's cause text.
 * Anything else goes to the fallback invoker.
 */
import { randomUUID } from 'node:crypto';
import { dataLimitCause, PAYLOAD_LIMIT_BYTES } from '../asl/errors.js';
import type { FunctionService } from '../functions/function-service.js';
import { lambdaErrorStatus } from '../functions/function-service-errors.js';
import type { InvokeOutput } from '../functions/function-service-shapes.js';
import { ServiceError } from '../service/errors.js';
import type { TaskInvoker, TaskOutcome, TaskRequest } from './local-invoker.js';
import { LAMBDA_INVOKE } from '../asl/task-resources.js';

const FUNCTION_ARN = /^arn:[^:]+:lambda:[^:]*:[^:]*:function:[^:]+(:[^:]+)?$/;

export interface LambdaInvokerOptions {
  /**
   * How a `.waitForTaskToken` task learns its outcome: resolves when SendTaskSuccess/Failure
   * answers the token. Without it such tasks fail with `States.Runtime`.
   */
  waitForTaskToken?: (taskToken: string, request: TaskRequest) => Promise<TaskOutcome>;
  uuid?: () => string;
}

const noInvoker: TaskInvoker = async (r) => ({
  ok: false,
  error: 'States.Runtime',
  cause: `No integration carries out resource '${r.resource}' of state '${r.stateName}'.`,
});

export function lambdaInvoker(functions: FunctionService, fallback: TaskInvoker = noInvoker, options: LambdaInvokerOptions = {}): TaskInvoker {
  const uuid = options.uuid ?? randomUUID;
  return async (request) => {
    const service = LAMBDA_INVOKE.exec(request.resource);
    if (service) {
      const outcome = await invokeService(functions, request, uuid);
      if (!outcome.ok || !service[1]) return outcome;
      // A callback: the function holds the token. Without a waiter here, whoever runs the
      // execution (the durable runner) waits for the token to come back.
      return request.taskToken && options.waitForTaskToken ? options.waitForTaskToken(request.taskToken, request) : outcome;
    }
    if (FUNCTION_ARN.test(request.resource)) return invokeFunctionArn(functions, request, uuid);
    return fallback(request);
  };
}

/** A Lambda function's own failure, as Step Functions names it. */
function functionFailure(payload: string, cause: string): TaskOutcome {
  let errorType: unknown;
  try {
    errorType = (JSON.parse(payload) as { errorType?: unknown } | null)?.errorType;
  } catch {
    // Not JSON: Lambda gave no error type.
  }
  // Lambda's own failures (timeouts, crashed or out-of-memory runtimes) are unhandled errors to Step Functions.
  if (typeof errorType !== 'string' || /^(Sandbox|Runtime)\./.test(errorType)) {
    return {
      ok: false,
      error: 'Lambda.Unknown',
      cause: typeof errorType === 'string' ? cause : `The cause could not be determined because Lambda did not return an error type. Returned payload: ${payload}`,
    };
  }
  return { ok: false, error: errorType, cause };
}

/** An API refusal as the AWS Java SDK words it, under `Lambda.<ErrorCode>`. */
function apiFailure(e: unknown, uuid: () => string): TaskOutcome {
  if (!(e instanceof ServiceError)) return { ok: false, error: 'Lambda.Unknown', cause: e instanceof Error ? e.message : String(e) };
  return {
    ok: false,
    error: `Lambda.${e.type}`,
    cause: `${e.message} (Service: AWSLambda; Status Code: ${lambdaErrorStatus(e.type)}; Error Code: ${e.type}; Request ID: ${uuid()}; Proxy: null)`,
  };
}

async function invoke(functions: FunctionService, input: Parameters<FunctionService['invoke']>[0], uuid: () => string) {
  try {
    return { out: await functions.invoke(input) };
  } catch (e) {
    return { failed: apiFailure(e, uuid) };
  }
}

const text = (payload: Uint8Array | undefined): string => (payload ? Buffer.from(payload).toString('utf8') : '');

/** A response past the 256 KiB state quota fails the task, naming the resource. */
function parsed(request: TaskRequest, body: string): TaskOutcome {
  if (Buffer.byteLength(body, 'utf8') > PAYLOAD_LIMIT_BYTES) {
    return { ok: false, error: 'States.DataLimitExceeded', cause: dataLimitCause(request.resource) };
  }
  if (body === '') return { ok: true, output: null };
  try {
    return { ok: true, output: JSON.parse(body) };
  } catch {
    return { ok: true, output: body };
  }
}

async function invokeFunctionArn(functions: FunctionService, request: TaskRequest, uuid: () => string): Promise<TaskOutcome> {
  const r = await invoke(functions, { FunctionName: request.resource, Payload: JSON.stringify(request.input ?? null) }, uuid);
  if (r.failed) return r.failed;
  const body = text(r.out.Payload);
  if (r.out.FunctionError) return functionFailure(body, body);
  return parsed(request, body);
}

interface InvokeParameters {
  FunctionName?: unknown;
  Payload?: unknown;
  Qualifier?: unknown;
  InvocationType?: unknown;
  ClientContext?: unknown;
  LogType?: unknown;
}

const optionalString = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

async function invokeService(functions: FunctionService, request: TaskRequest, uuid: () => string): Promise<TaskOutcome> {
  const p = (request.input ?? {}) as InvokeParameters;
  // A string Payload is sent as it is (it is already the JSON text); anything else is serialised.
  const payload = p.Payload === undefined || p.Payload === null ? undefined : typeof p.Payload === 'string' ? p.Payload : JSON.stringify(p.Payload);
  const r = await invoke(
    functions,
    {
      FunctionName: String(p.FunctionName ?? ''),
      ...(payload !== undefined && { Payload: payload }),
      ...(optionalString(p.Qualifier) !== undefined && { Qualifier: optionalString(p.Qualifier) }),
      ...(optionalString(p.InvocationType) !== undefined && { InvocationType: optionalString(p.InvocationType) }),
      ...(optionalString(p.ClientContext) !== undefined && { ClientContext: optionalString(p.ClientContext) }),
      ...(optionalString(p.LogType) !== undefined && { LogType: optionalString(p.LogType) }),
    },
    uuid,
  );
  if (r.failed) return r.failed;
  const body = text(r.out.Payload);
  // The SDK re-serialises the error document compactly before Step Functions quotes it.
  if (r.out.FunctionError) return functionFailure(body, compact(body));
  const result = parsed(request, body);
  if (!result.ok) return result;
  return { ok: true, output: sdkResponse(r.out, body, result.output, uuid()) };
}

function compact(body: string): string {
  try {
    return JSON.stringify(JSON.parse(body));
  } catch {
    return body;
  }
}

/** The Invoke response as the AWS Java SDK hands it to Step Functions, headers and all. */
function sdkResponse(out: InvokeOutput, body: string, payload: unknown, requestId: string): Record<string, unknown> {
  const headers: Record<string, string> = {
    Connection: 'keep-alive',
    'Content-Length': String(Buffer.byteLength(body, 'utf8')),
    'Content-Type': 'application/json',
    Date: new Date().toUTCString(),
    ...(out.ExecutedVersion !== undefined && { 'X-Amz-Executed-Version': out.ExecutedVersion }),
    ...(out.LogResult !== undefined && { 'X-Amz-Log-Result': out.LogResult }),
    'x-amzn-Remapped-Content-Length': '0',
    'x-amzn-RequestId': requestId,
    'X-Amzn-Trace-Id': `Root=1-${randomUUID().replace(/-/g, '').slice(0, 8)}-${randomUUID().replace(/-/g, '').slice(0, 24)}`,
  };
  return {
    ...(out.ExecutedVersion !== undefined && { ExecutedVersion: out.ExecutedVersion }),
    ...(out.LogResult !== undefined && { LogResult: out.LogResult }),
    Payload: out.StatusCode === 200 ? payload : '',
    SdkHttpMetadata: {
      AllHttpHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
      HttpHeaders: headers,
      HttpStatusCode: out.StatusCode,
    },
    SdkResponseMetadata: { RequestId: requestId },
    StatusCode: out.StatusCode,
  };
}
