/** The context object (`$$` in JSONPath, `$states.context` in JSONata) as AWS builds it. */
import type { CompiledState } from '../asl/compile.js';
import type { ExecutionSnapshot, Frame } from './types.js';

/** States that can retry carry `RetryCount` in `$$.State`. */
const RETRYING = new Set(['Task', 'Parallel', 'Map']);

export function executionContext(snap: ExecutionSnapshot): Record<string, unknown> {
  const info = snap.info;
  const execution: Record<string, unknown> = {
    Id: info.executionArn,
    Input: info.input,
    StartTime: snap.startTime,
    Name: info.name,
    RoleArn: info.roleArn,
  };
  // Synchronous Express executions cannot be redriven; AWS leaves the count out of their context.
  if (info.redriveCount !== undefined) execution.RedriveCount = info.redriveCount;
  return {
    Execution: execution,
    StateMachine: { Id: info.stateMachineArn, Name: info.stateMachineName },
  };
}

export function contextObject(
  base: Record<string, unknown>,
  frame: Frame,
  state: CompiledState,
  mapItem?: { Index: number; Value: unknown },
): Record<string, unknown> {
  // Listed field by field rather than spread: this runs for every state that reads `$$`.
  const ctx: Record<string, unknown> = {
    Execution: base.Execution,
    StateMachine: base.StateMachine,
    State: RETRYING.has(state.type)
      ? { Name: frame.stateName, EnteredTime: frame.enteredTime, RetryCount: frame.retryCount }
      : { Name: frame.stateName, EnteredTime: frame.enteredTime },
  };
  if (frame.taskToken !== undefined) ctx.Task = { Token: frame.taskToken };
  if (mapItem) ctx.Map = { Item: mapItem };
  return ctx;
}
