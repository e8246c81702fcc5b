/**
 * A stand-in for the process runtime, for tests of the control plane: functions are JavaScript
 * closures keyed by function name, run in-process. It answers as the real runtime does — a
 * thrown error becomes a function error payload, reserved concurrency 0 throttles — and keeps
 * what it was asked to do, so tests can check which version ran and what was invalidated.
 */
import type { FunctionRuntimePort } from './function-service-runtime.js';
import { FunctionRuntimeError, type FunctionConfig, type InvokeOptions, type InvokeResult } from './types.js';

export type FakeHandler = (event: unknown, config: FunctionConfig) => unknown;

export interface FakeInvocation {
  config: FunctionConfig;
  event: unknown;
  options: InvokeOptions;
}

export class FakeRuntime implements FunctionRuntimePort {
  readonly invocations: FakeInvocation[] = [];
  readonly invalidated: string[] = [];

  constructor(private readonly handlers: Record<string, FakeHandler> = {}) {}

  setHandler(functionName: string, handler: FakeHandler): void {
    this.handlers[functionName] = handler;
  }

  async invoke(config: FunctionConfig, payload: string, options: InvokeOptions): Promise<InvokeResult> {
    if (config.reservedConcurrency === 0) {
      throw new FunctionRuntimeError('TooManyRequestsException', 'Rate Exceeded.', 'ReservedFunctionConcurrentInvocationLimitExceeded');
    }
    const event: unknown = JSON.parse(payload);
    this.invocations.push({ config, event, options });
    const meta = { executedVersion: config.version, requestId: options.requestId ?? 'fake', durationMs: 1, billedDurationMs: 1, maxMemoryUsedMB: 1 };
    const handler = this.handlers[config.functionName];
    try {
      if (!handler) throw Object.assign(new Error(`no fake handler for ${config.functionName}`), { name: 'Runtime.HandlerNotFound' });
      const result = await handler(event, config);
      return { payload: JSON.stringify(result ?? null), ...meta, ...(options.logType === 'Tail' && { logResult: Buffer.from('fake log\n').toString('base64') }) };
    } catch (e) {
      const err = e instanceof Error ? e : new Error(String(e));
      return {
        payload: JSON.stringify({ errorMessage: err.message, errorType: err.name, requestId: meta.requestId, stackTrace: [] }),
        functionError: 'Unhandled',
        ...meta,
      };
    }
  }

  invalidate(functionArn: string): void {
    this.invalidated.push(functionArn);
  }
}
