/**
 * The part of the process runtime (`FunctionRuntime`) the control plane drives: run one
 * invocation of a function version, and drop a version's warm environments when it changes.
 * An interface, so that the service can also be exercised over a fake runtime in tests.
 */
import type { FunctionConfig, InvokeOptions, InvokeResult } from './types.js';

export type { FunctionConfig, InvokeOptions, InvokeResult } from './types.js';

export interface FunctionRuntimePort {
  /** Rejects with a `FunctionRuntimeError` (`code`: `TooManyRequestsException`, …) when Lambda would refuse the call. */
  invoke(config: FunctionConfig, payload: string, options: InvokeOptions): Promise<InvokeResult>;
  /** Drops the function's warm environments (every version): its code or configuration changed. */
  invalidate(functionArn: string): unknown;
}
