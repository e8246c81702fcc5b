/**
 * The slice of the engine's public API (`src/index.ts`) the CLI calls. Commands take it as a
 * parameter so they can be tested with a fake engine; `main.ts` passes the real one.
 */
import type { Diagnostic } from '../asl/diagnostics.js';
import type { TaskInvoker } from '../integrations/local-invoker.js';
import type { MockTestCase } from '../integrations/mock-config.js';
import type { TaskHandlers } from '../integrations/task-handler.js';

export interface HistoryEventLike {
  id: number;
  previousEventId: number;
  timestamp: string;
  type: string;
  [details: string]: unknown;
}

export interface ExecutionResultLike {
  status: 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';
  output?: unknown;
  error?: string;
  cause?: string;
  history: readonly HistoryEventLike[];
}

export interface RunOptions {
  input: unknown;
  stateMachineName?: string;
  handlers: TaskHandlers;
  mock?: MockTestCase;
  /** Overrides handlers and mocks: how Task states are carried out. */
  invoker?: TaskInvoker;
  skipWaits: boolean;
  onEvent?: (event: HistoryEventLike) => void;
}

// Method syntax on purpose: the real engine's machine type is narrower than `unknown`.
export interface Engine {
  /** Validates (text or object) and compiles; throws an error carrying `.diagnostics` when invalid. */
  loadDefinition(definition: string | object): unknown;
  validateDefinition(definition: string | object): readonly Diagnostic[];
  runExecution(machine: unknown, options: RunOptions): Promise<ExecutionResultLike>;
}

/** Where commands write: stdout for results, stderr for problems. */
export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
}
