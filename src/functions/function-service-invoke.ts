/**
 * Invoke: `RequestResponse` runs the function and answers with its response; `Event` queues it
 * and answers 202 at once, retrying a failed run twice as Lambda does; `DryRun` only checks
 * that the call would be allowed (204). Payload limits and errors are Lambda's.
 */
import { ServiceError } from '../service/errors.js';
import type { FunctionServiceContext } from './function-service-context.js';
import type { FunctionConfig, InvokeOptions, InvokeResult } from './function-service-runtime.js';
import { ThrottledError } from './function-service-errors.js';
import type { InvokeInput, InvokeOutput } from './function-service-shapes.js';
import { readFunctionName } from './registry-names.js';

export const MAX_SYNC_PAYLOAD = 6 * 1024 * 1024;
export const MAX_ASYNC_PAYLOAD = 256 * 1024;

const INVOCATION_TYPES = ['Event', 'RequestResponse', 'DryRun'];
const LOG_TYPES = ['None', 'Tail'];

function checkEnum(value: string | undefined, values: string[], member: string): void {
  if (value !== undefined && !values.includes(value)) {
    throw new ServiceError(
      'ValidationException',
      `1 validation error detected: Value '${value}' at '${member}' failed to satisfy constraint: Member must satisfy enum value set: [${values.join(', ')}]`,
    );
  }
}

const payloadBytes = (p: Uint8Array | string | undefined): Buffer =>
  p === undefined ? Buffer.alloc(0) : typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p.buffer, p.byteOffset, p.byteLength);

/** The event the function receives: JSON text (an empty payload is `{}`), or Lambda's parse error. */
function eventText(bytes: Buffer): string {
  const text = bytes.toString('utf8');
  if (text.trim() === '') return '{}';
  try {
    JSON.parse(text);
  } catch (e) {
    throw new ServiceError(
      'InvalidRequestContentException',
      `Could not parse request body into json: Could not parse payload into json: ${(e as Error).message}`,
    );
  }
  return text;
}

/** A runtime refusal (`FunctionRuntimeError`: throttled, too large, …) as the API error it is. */
export function runtimeFailure(e: unknown): ServiceError {
  if (e instanceof ServiceError) return e;
  const err = e as { code?: unknown; message?: unknown; reason?: unknown } | undefined;
  if (err && typeof err.code === 'string' && /^[A-Z][A-Za-z]+Exception$/.test(err.code)) {
    const message = String(err.message ?? '');
    if (err.code === 'TooManyRequestsException') return new ThrottledError(message, typeof err.reason === 'string' ? err.reason : undefined);
    return new ServiceError(err.code, message);
  }
  return new ServiceError('ServiceException', `Internal error while executing lambda: ${e instanceof Error ? e.message : String(e)}`);
}

export async function invoke(ctx: FunctionServiceContext, input: InvokeInput): Promise<InvokeOutput> {
  const ref = readFunctionName(ctx.account, String(input.FunctionName ?? ''), input.Qualifier, 'invoke');
  const type = input.InvocationType ?? 'RequestResponse';
  checkEnum(type, INVOCATION_TYPES, 'invocationType');
  checkEnum(input.LogType, LOG_TYPES, 'logType');
  const bytes = payloadBytes(input.Payload);
  const limit = type === 'Event' ? MAX_ASYNC_PAYLOAD : MAX_SYNC_PAYLOAD;
  if (bytes.byteLength > limit) {
    // The model calls it RequestTooLargeException; Lambda's front end answers RequestEntityTooLargeException.
    throw new ServiceError('RequestEntityTooLargeException', `Request must be smaller than ${limit} bytes for the InvokeFunction operation`);
  }
  const event = eventText(bytes);
  // An unqualified call runs $LATEST, and Lambda names it so when the function is missing.
  await ctx.registry.requireFunction(ref.name, ref.qualifier ?? '$LATEST');
  const resolved = await ctx.registry.resolve(ref);
  const config = ctx.registry.configFor(resolved);
  if (type === 'DryRun') return { StatusCode: 204 };
  const options: InvokeOptions = {
    requestId: ctx.uuid(),
    ...(input.ClientContext !== undefined && { clientContext: input.ClientContext }),
  };
  if (type === 'Event') {
    queueEvent(ctx, config, event, options);
    return { StatusCode: 202 };
  }
  let result: InvokeResult;
  try {
    result = await ctx.runtime.invoke(config, event, { ...options, logType: input.LogType === 'Tail' ? 'Tail' : 'None' });
  } catch (e) {
    throw runtimeFailure(e);
  }
  return {
    StatusCode: 200,
    Payload: Buffer.from(result.payload, 'utf8'),
    ExecutedVersion: result.executedVersion,
    ...(result.functionError && { FunctionError: result.functionError }),
    ...(input.LogType === 'Tail' && result.logResult !== undefined && { LogResult: result.logResult }),
  };
}

/** Lambda runs an event up to three times: once, then twice more after waits when it fails or is throttled. */
function queueEvent(ctx: FunctionServiceContext, config: FunctionConfig, event: string, options: InvokeOptions): void {
  const run = async (): Promise<void> => {
    for (let attempt = 0; ; attempt++) {
      let failed: boolean;
      try {
        failed = (await ctx.runtime.invoke(config, event, options)).functionError !== undefined;
      } catch {
        failed = true;
      }
      if (!failed || attempt >= ctx.eventRetryDelaysMs.length) return;
      const wait = ctx.eventRetryDelaysMs[attempt];
      const proceed = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => {
          ctx.eventTimers.delete(timer);
          resolve(true);
        }, wait);
        ctx.eventTimers.add(timer);
        cancels.set(timer, () => resolve(false));
      });
      if (!proceed) return;
    }
  };
  const done = run().finally(() => ctx.events.delete(done));
  ctx.events.add(done);
}

/** How a pending retry wait is abandoned at shutdown. */
const cancels = new WeakMap<NodeJS.Timeout, () => void>();

/** Cancels every retry wait; the invocations running now finish. */
export function cancelEventRetries(ctx: FunctionServiceContext): void {
  for (const timer of ctx.eventTimers) {
    clearTimeout(timer);
    cancels.get(timer)?.();
  }
  ctx.eventTimers.clear();
}
