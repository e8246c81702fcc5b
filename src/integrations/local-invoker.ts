/**
 * Runs Task states in-process: a mocked response when the test case has one, otherwise a local
 * JS/TS handler found by state name, resource ARN or function name. Lambda resources get Lambda's
 * shapes — `lambda:invoke` wraps the payload, and errors carry the runtime's JSON cause — so the
 * same Retry/Catch rules work here as in AWS.
 */
import { dataLimitCause } from '../asl/errors.js';
import { asJsonPayload } from './json-value.js';
import type { MockTestCase } from './mock-config.js';
import type { TaskContext, TaskHandler, TaskHandlers } from './task-handler.js';
import { LAMBDA_INVOKE } from '../asl/task-resources.js';

export type TaskOutcome = { ok: true; output: unknown } | { ok: false; error: string; cause: string };

export interface TaskRequest {
  stateName: string;
  resource: string;
  input: unknown;
  retryCount: number;
  taskToken?: string;
  executionArn: string;
  /** Aborted when the engine cancels the task (timeout, a failed sibling branch, a stopped execution). */
  signal?: AbortSignal;
}

export type TaskInvoker = (request: TaskRequest) => Promise<TaskOutcome>;

const FUNCTION_ARN = /^arn:[^:]+:lambda:[^:]*:[^:]*:function:([^:]+)(:[^:]+)?$/;

/** `my-fn`, `my-fn:alias`, or a function ARN → `my-fn`. */
export function functionName(ref: string): string {
  const arn = FUNCTION_ARN.exec(ref);
  if (arn) return arn[1];
  return ref.split(':')[0];
}

const NO_HANDLERS: TaskHandlers = {};
const handlerInvokers = new WeakMap<TaskHandlers, TaskInvoker>();

/**
 * An invoker over local handlers, with a mock test case in front when given and `next` behind
 * (for a Task no handler claims, e.g. one a Lambda function registered on the server runs).
 * Mocks count each state's invocations, so they get an invoker per execution; plain handlers share one.
 */
export function localInvoker(handlers: TaskHandlers = NO_HANDLERS, mock?: MockTestCase, next?: TaskInvoker): TaskInvoker {
  if (next) {
    const own = localInvoker(handlers, mock);
    return (request) => (mock?.mocks(request.stateName) || handlerFor(handlers, request) ? own(request) : next(request));
  }
  if (!mock) {
    let invoker = handlerInvokers.get(handlers);
    if (!invoker) {
      invoker = (request) => invokeHandler(handlers, request);
      handlerInvokers.set(handlers, invoker);
    }
    return invoker;
  }
  const invocations = new Map<string, number>();
  return async (request) => {
    const n = invocations.get(request.stateName) ?? 0;
    invocations.set(request.stateName, n + 1);
    const mocked = mock.responseFor(request.stateName, n);
    if (!mocked) return invokeHandler(handlers, request);
    return 'Return' in mocked
      ? { ok: true, output: mocked.Return }
      : { ok: false, error: mocked.Throw.Error, cause: mocked.Throw.Cause };
  };
}

const resourceFunctions = new Map<string, string | undefined>();

/** The function a Lambda function ARN names, worked out once per resource. */
function resourceFunction(resource: string): string | undefined {
  if (!resourceFunctions.has(resource)) resourceFunctions.set(resource, FUNCTION_ARN.exec(resource)?.[1]);
  return resourceFunctions.get(resource);
}

/** The function a Task names: `FunctionName` of `lambda:invoke`, or a function ARN's name. */
function functionOf(request: TaskRequest): string | undefined {
  if (!LAMBDA_INVOKE.test(request.resource)) return resourceFunction(request.resource);
  return functionName(String((request.input as { FunctionName?: string } | null)?.FunctionName ?? ''));
}

/** The local handler of a Task: by state name, resource ARN, or function name. */
function handlerFor(handlers: TaskHandlers, request: TaskRequest): TaskHandler | undefined {
  const fn = functionOf(request);
  return handlers[request.stateName] ?? handlers[request.resource] ?? (fn !== undefined ? handlers[fn] : undefined);
}

async function invokeHandler(handlers: TaskHandlers, request: TaskRequest): Promise<TaskOutcome> {
  const isLambdaInvoke = LAMBDA_INVOKE.test(request.resource);
  const params = request.input as { FunctionName?: string; Payload?: unknown } | null;
  const fn = functionOf(request);
  const handler = handlerFor(handlers, request);
  if (!handler) return missingHandler(request, fn);
  const payload = isLambdaInvoke ? (params?.Payload ?? {}) : request.input;
  const context: TaskContext = {
    stateName: request.stateName,
    resource: request.resource,
    executionArn: request.executionArn,
    retryCount: request.retryCount,
    taskToken: request.taskToken,
  };
  let output: unknown;
  try {
    output = await handler(payload, context);
  } catch (e) {
    return handlerFailure(e, isLambdaInvoke || fn !== undefined);
  }
  const json = asJsonPayload(output);
  if (!json.ok) return { ok: false, error: 'States.DataLimitExceeded', cause: dataLimitCause(request.stateName) };
  if (!isLambdaInvoke) return { ok: true, output: json.value };
  return {
    ok: true,
    output: {
      ExecutedVersion: '$LATEST',
      Payload: json.value,
      SdkHttpMetadata: { HttpHeaders: {}, HttpStatusCode: 200 },
      SdkResponseMetadata: {},
      StatusCode: 200,
    },
  };
}

/** A thrown error as Lambda reports it: the error's name, and for functions the runtime's JSON cause. */
function handlerFailure(e: unknown, lambda: boolean): TaskOutcome {
  const err = e instanceof Error ? e : new Error(String(e));
  const errorType = err.name || 'Error';
  if (!lambda) return { ok: false, error: errorType, cause: err.message };
  const trace = (err.stack ?? '').split('\n');
  return { ok: false, error: errorType, cause: JSON.stringify({ errorType, errorMessage: err.message, trace }) };
}

function missingHandler(request: TaskRequest, fn: string | undefined): TaskOutcome {
  if (fn !== undefined) {
    return {
      ok: false,
      error: 'Lambda.ResourceNotFoundException',
      cause: `Function not found: ${fn} (no local handler named '${fn}' or '${request.stateName}')`,
    };
  }
  return {
    ok: false,
    error: 'States.Runtime',
    cause: `No handler for resource '${request.resource}' of state '${request.stateName}': give one by state name or resource ARN, or mock it.`,
  };
}
