/**
 * Execution history exactly as `GetExecutionHistory` names it. Details hold the values themselves;
 * the api layer turns `input`/`output` into JSON text on the wire.
 */
export type HistoryEventType =
  | 'ExecutionStarted' | 'ExecutionSucceeded' | 'ExecutionFailed' | 'ExecutionTimedOut' | 'ExecutionAborted'
  | 'ExecutionRedriven'
  | 'EvaluationFailed'
  | `${'Pass' | 'Task' | 'Choice' | 'Wait' | 'Succeed' | 'Parallel' | 'Map'}StateAborted`
  | `${'Pass' | 'Task' | 'Choice' | 'Wait' | 'Succeed' | 'Fail' | 'Parallel' | 'Map'}StateEntered`
  | `${'Pass' | 'Task' | 'Choice' | 'Wait' | 'Succeed' | 'Parallel' | 'Map'}StateExited`
  | 'ParallelStateStarted' | 'ParallelStateSucceeded' | 'ParallelStateFailed' | 'ParallelStateAborted'
  | 'MapStateStarted' | 'MapStateSucceeded' | 'MapStateFailed' | 'MapStateAborted'
  | 'MapIterationStarted' | 'MapIterationSucceeded' | 'MapIterationFailed' | 'MapIterationAborted'
  | 'MapRunStarted' | 'MapRunSucceeded' | 'MapRunFailed' | 'MapRunAborted'
  | 'TaskScheduled' | 'TaskStarted' | 'TaskSubmitted' | 'TaskSucceeded' | 'TaskFailed' | 'TaskTimedOut'
  | 'LambdaFunctionScheduled' | 'LambdaFunctionStarted' | 'LambdaFunctionSucceeded' | 'LambdaFunctionFailed'
  | 'LambdaFunctionTimedOut'
  | 'ActivityScheduled' | 'ActivityStarted' | 'ActivitySucceeded' | 'ActivityFailed' | 'ActivityTimedOut';

export interface HistoryEvent {
  id: number;
  previousEventId: number;
  /** ISO-8601. */
  timestamp: string;
  type: HistoryEventType;
  [details: string]: unknown;
}

/**
 * AWS's hard quota on a Standard execution's history (Express keeps none): event 25,000 may be
 * its `ExecutionSucceeded`; any other event in that place becomes an `ExecutionFailed` with this
 * error and cause, and the execution cannot be redriven.
 */
export const HISTORY_EVENT_LIMIT = 25_000;
export const HISTORY_LIMIT_ERROR = 'States.Runtime';
export const HISTORY_LIMIT_CAUSE = `The execution reached the maximum number of history events (${HISTORY_EVENT_LIMIT}).`;

/** `TaskStateEntered` → `stateEnteredEventDetails`, `MapIterationStarted` → `mapIterationStartedEventDetails`. */
export function detailsKey(type: HistoryEventType): string {
  let key = detailsKeys.get(type);
  if (key === undefined) {
    if (type.endsWith('StateEntered')) key = 'stateEnteredEventDetails';
    else if (type.endsWith('StateExited')) key = 'stateExitedEventDetails';
    else key = `${type[0].toLowerCase()}${type.slice(1)}EventDetails`;
    detailsKeys.set(type, key);
  }
  return key;
}

const detailsKeys = new Map<HistoryEventType, string>();

/** `inputDetails`/`outputDetails` of an event whose payload is whole; shared, never mutated. */
export const NOT_TRUNCATED = Object.freeze({ truncated: false });
