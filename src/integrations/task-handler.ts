/**
 * The seam between the engine and whatever runs a Task: local JS/TS handlers now, the
 * Lambda-compatible runtime and service integrations later. The runner asks a `TaskInvoker`
 * to carry out a `ScheduleTask` command and feeds the outcome back to the engine as an event.
 */
export interface TaskContext {
  stateName: string;
  resource: string;
  executionArn: string;
  /** 0 for the first attempt, then 1, 2, … across retries of the same state entry. */
  retryCount: number;
  taskToken?: string;
}

/** A local handler: return (or resolve) the result; throw to fail the task with `error.name`/`message`. */
export type TaskHandler = (input: unknown, context: TaskContext) => unknown;

/** Handlers keyed by state name, resource ARN, or function name (last part of a function ARN / `FunctionName`). */
export type TaskHandlers = Record<string, TaskHandler>;
