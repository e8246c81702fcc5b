/**
 * Reads failures and retries of states out of history events as they are committed. An event
 * names no state of its own unless it enters or exits one: each follows its frame's previous
 * event (`previousEventId`), so its state is the one its chain of events entered last. The
 * tracker keeps, per running execution, the state of every event id it has seen.
 */
import type { HistoryEvent, HistoryEventType } from '../engine/history.js';

export interface StateIncident {
  /** A task attempt (or a state without a task) failed; or a task was scheduled again after a failure. */
  kind: 'failure' | 'retry';
  stateName: string;
  /** The failure's error; for a retry, the error retried. */
  error: string;
  /** Epoch ms, from the event. */
  at: number;
}

interface Seen {
  state: string;
  type: HistoryEventType;
  error?: string;
}

const TASK_FAILURES = new Set<HistoryEventType>(['TaskFailed', 'LambdaFunctionFailed', 'ActivityFailed', 'TaskTimedOut', 'LambdaFunctionTimedOut', 'ActivityTimedOut']);
const TASK_SCHEDULED = new Set<HistoryEventType>(['TaskScheduled', 'LambdaFunctionScheduled', 'ActivityScheduled']);
/** An execution failing right after these failed because of what was counted there already. */
const COUNTED = new Set<HistoryEventType>([...TASK_FAILURES, 'ParallelStateFailed', 'MapStateFailed']);

export class HistoryTracker {
  private readonly executions = new Map<string, Map<number, Seen>>();

  /** Whether these events of the execution can be placed without reading its earlier history. */
  knows(executionArn: string, events: HistoryEvent[]): boolean {
    return this.executions.has(executionArn) || events.length === 0 || events[0].id === 1;
  }

  /** The incidents among `events` (in id order). */
  observe(executionArn: string, events: HistoryEvent[]): StateIncident[] {
    let seen = this.executions.get(executionArn);
    if (!seen) this.executions.set(executionArn, (seen = new Map()));
    const incidents: StateIncident[] = [];
    for (const event of events) {
      const previous = seen.get(event.previousEventId);
      const state = nameOf(event) ?? previous?.state ?? '';
      const at = Date.parse(event.timestamp);
      const failed = TASK_FAILURES.has(event.type) || (event.type === 'ExecutionFailed' && !(previous && COUNTED.has(previous.type)) && state !== '');
      const error = failed ? errorOf(event) : undefined;
      seen.set(event.id, { state, type: event.type, ...(error !== undefined && { error }) });
      if (error !== undefined) incidents.push({ kind: 'failure', stateName: state, error, at });
      else if (TASK_SCHEDULED.has(event.type) && previous?.error !== undefined) incidents.push({ kind: 'retry', stateName: state, error: previous.error, at });
    }
    return incidents;
  }

  /** Once an execution has ended (a redriven one is read again from its history). */
  forget(executionArn: string): void {
    this.executions.delete(executionArn);
  }

  /** How many executions are followed. */
  get size(): number {
    return this.executions.size;
  }
}

function nameOf(event: HistoryEvent): string | undefined {
  const details = (event.stateEnteredEventDetails ?? event.stateExitedEventDetails) as { name?: string } | undefined;
  return details?.name;
}

/** A timeout without an error name is AWS's `States.Timeout`. */
function errorOf(event: HistoryEvent): string {
  for (const [key, details] of Object.entries(event)) {
    if (key.endsWith('EventDetails') && details && typeof details === 'object' && typeof (details as { error?: unknown }).error === 'string') {
      return (details as { error: string }).error;
    }
  }
  return event.type.endsWith('TimedOut') ? 'States.Timeout' : '';
}
