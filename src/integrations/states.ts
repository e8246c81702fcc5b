import { randomUUID } from 'node:crypto';
/**
 * The Step Functions integration: a Task that starts another state machine's execution —
 * `states:startExecution` (fire and forget), `.sync` (wait; Input/Output as JSON text),
 * `.sync:2` (wait; Input/Output as JSON) and `.waitForTaskToken` (the child answers with the
 * token). A parent that stops or times out stops the child it waits for, as AWS does.
 */
import type { TaskInvoker, TaskOutcome, TaskRequest } from './local-invoker.js';

/** What the integration needs of the service: starting, awaiting and stopping executions. */
export interface ExecutionStarter {
  startExecution(input: { stateMachineArn: string; input?: string; name?: string }): Promise<{ executionArn: string; startDate: Date }>;
  waitForEnd(executionArn: string): Promise<ChildExecution>;
  stopExecution(executionArn: string, error: string, cause: string): Promise<void>;
}

export interface ChildExecution {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  status: string;
  input: string;
  output?: string;
  error?: string;
  cause?: string;
  startDate: Date;
  stopDate?: Date;
}

/** An AWS service error (e.g. StateMachineDoesNotExist) as the integration reports it. */
export interface StarterError {
  type: string;
  message: string;
}

const START_EXECUTION = /^arn:[^:]+:states:::states:startExecution(\.sync(:2)?|\.waitForTaskToken)?$/;

export function statesInvoker(starter: ExecutionStarter, next: TaskInvoker, isServiceError: (e: unknown) => e is StarterError): TaskInvoker {
  return async (request) => {
    const m = START_EXECUTION.exec(request.resource);
    if (!m) return next(request);
    const params = (request.input ?? {}) as { StateMachineArn?: string; Input?: unknown; Name?: string };
    let started: { executionArn: string; startDate: Date };
    try {
      started = await starter.startExecution({
        stateMachineArn: String(params.StateMachineArn ?? ''),
        input: params.Input === undefined || params.Input === null ? undefined : typeof params.Input === 'string' ? params.Input : JSON.stringify(params.Input),
        name: params.Name,
      });
    } catch (e) {
      if (!isServiceError(e)) throw e;
      return serviceFailure(e);
    }
    const mode = m[1];
    if (mode !== '.sync' && mode !== '.sync:2') return { ok: true, output: startResponse(started) };
    return waitForChild(starter, started.executionArn, mode === '.sync:2', request);
  };
}

async function waitForChild(starter: ExecutionStarter, arn: string, parsed: boolean, request: TaskRequest): Promise<TaskOutcome> {
  const stop = (): void => void starter.stopExecution(arn, 'States.Aborted', 'The parent execution stopped waiting for this one.').catch(() => {});
  request.signal?.addEventListener('abort', stop, { once: true });
  const child = await starter.waitForEnd(arn);
  request.signal?.removeEventListener('abort', stop);
  const json = (text: string | undefined): unknown => (parsed && text !== undefined ? JSON.parse(text) : text);
  const described: Record<string, unknown> = {
    ExecutionArn: child.executionArn,
    Input: json(child.input),
    InputDetails: { Included: true },
    Name: child.name,
    StartDate: child.startDate.getTime(),
    StateMachineArn: child.stateMachineArn,
    Status: child.status,
    StopDate: child.stopDate?.getTime(),
  };
  if (child.status === 'SUCCEEDED') {
    return { ok: true, output: { ...described, Output: json(child.output), OutputDetails: { Included: true } } };
  }
  // A child that failed, timed out or was aborted fails the parent's task with its description.
  if (child.error !== undefined) described.Error = child.error;
  if (child.cause !== undefined) described.Cause = child.cause;
  return { ok: false, error: 'States.TaskFailed', cause: JSON.stringify(described) };
}

/** StartExecution's response as the integration hands it on: the body, and the HTTP metadata of the call. */
function startResponse(started: { executionArn: string; startDate: Date }): Record<string, unknown> {
  const body = JSON.stringify({ executionArn: started.executionArn, startDate: started.startDate.getTime() / 1000 });
  const requestId = randomUUID();
  const date = started.startDate.toUTCString();
  const length = String(Buffer.byteLength(body));
  return {
    ExecutionArn: started.executionArn,
    SdkHttpMetadata: {
      AllHttpHeaders: {
        'x-amzn-RequestId': [requestId],
        connection: ['keep-alive'],
        'Content-Length': [length],
        Date: [date],
        'Content-Type': ['application/x-amz-json-1.0'],
      },
      HttpHeaders: { connection: 'keep-alive', 'Content-Length': length, 'Content-Type': 'application/x-amz-json-1.0', Date: date, 'x-amzn-RequestId': requestId },
      HttpStatusCode: 200,
    },
    SdkResponseMetadata: { RequestId: requestId },
    StartDate: started.startDate.getTime(),
  };
}

/** AWS's shape for a failed service call made by an integration. */
function serviceFailure(e: StarterError): TaskOutcome {
  return {
    ok: false,
    error: `StepFunctions.${e.type}Exception`,
    cause: `${e.message} (Service: AWSStepFunctions; Status Code: 400; Error Code: ${e.type}; Request ID: 00000000-0000-0000-0000-000000000000; Proxy: null)`,
  };
}
