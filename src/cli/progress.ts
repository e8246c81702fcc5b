/**
 * Turns history events, as they happen, into one line per state: name, type, duration, retries
 * and caught errors. Parallel and Map states open an indented block; after the first few Map
 * iterations the rest are summarised on the Map's own line (failures are always shown).
 */
import type { HistoryEventLike } from './engine-api.js';

/** Map iterations shown state by state; later ones only count towards the summary. */
export const SHOWN_ITERATIONS = 3;

interface Failure {
  error: string;
  cause?: string;
}

interface OpenState {
  name: string;
  type: string;
  enteredAt: number;
  depth: number;
  hidden: boolean;
  attempts: number;
  retriedErrors: string[];
  failure?: Failure;
  /** Map only. */
  items?: number;
  iteration?: number;
  iterations: number;
  failedIterations: number;
}

const CONTAINERS = new Set(['Parallel', 'Map']);
const TASK_SCHEDULED = /^(Task|LambdaFunction|Activity)Scheduled$/;
const TASK_SUCCEEDED = /^(Task|LambdaFunction|Activity)Succeeded$/;
const TASK_FAILED = /^(Task|LambdaFunction|Activity)(Failed|TimedOut|StartFailed|ScheduleFailed|SubmitFailed)$/;

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)}s`;
  return `${Math.floor(ms / 60_000)}m ${Math.round((ms % 60_000) / 1000)}s`;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** A Lambda error's cause is the runtime's JSON (`errorType`, `errorMessage`, `trace`): show the message. */
function readableCause(cause: string | undefined): string | undefined {
  if (!cause?.startsWith('{')) return cause;
  try {
    const parsed = JSON.parse(cause) as { errorMessage?: unknown };
    return typeof parsed.errorMessage === 'string' ? parsed.errorMessage : cause;
  } catch {
    return cause;
  }
}

/** Error and cause as one short phrase; long causes are cut, the full text is in the summary. */
function describeFailure(failure: Failure): string {
  const cause = readableCause(failure.cause)?.replace(/\s+/g, ' ').trim();
  if (!cause) return failure.error;
  return `${failure.error}: ${cause.length > 100 ? `${cause.slice(0, 97)}...` : cause}`;
}

function details(event: HistoryEventLike): Record<string, unknown> {
  const entry = Object.entries(event).find(([key]) => key.endsWith('EventDetails'));
  const value = entry?.[1];
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

function failureOf(event: HistoryEventLike): Failure {
  const d = details(event);
  const cause = d.cause === undefined ? undefined : typeof d.cause === 'string' ? d.cause : JSON.stringify(d.cause);
  return { error: typeof d.error === 'string' ? d.error : event.type, cause };
}

export class ProgressPrinter {
  private readonly open: OpenState[] = [];

  constructor(private readonly write: (line: string) => void) {}

  onEvent(event: HistoryEventLike): void {
    const at = Date.parse(event.timestamp);
    const now = Number.isNaN(at) ? Date.now() : at;
    const type = event.type;
    const name = details(event).name;

    const entered = /^(\w+)StateEntered$/.exec(type);
    if (entered) return this.enter(String(name), entered[1], now);
    if (type.endsWith('StateExited')) return this.exit(String(name), now);

    if (TASK_SCHEDULED.test(type)) {
      const task = this.currentTask();
      if (task) task.attempts += 1;
    } else if (TASK_SUCCEEDED.test(type)) {
      const task = this.currentTask();
      if (task) task.failure = undefined;
    } else if (TASK_FAILED.test(type)) {
      const task = this.currentTask();
      if (task) {
        task.failure = failureOf(event);
        task.retriedErrors.push(task.failure.error);
      }
    } else if (type === 'MapStateStarted') {
      const map = this.innermost('Map');
      if (map) map.items = Number(details(event).length);
    } else if (type === 'MapIterationStarted') {
      this.startIteration(this.innermost('Map', name), Number(details(event).index));
    } else if (type === 'MapIterationFailed') {
      const map = this.innermost('Map', name);
      if (map) {
        map.failedIterations += 1;
        this.failInside(map, failureOf(event), now);
      }
    } else if (type === 'ParallelStateFailed' || type === 'MapStateFailed') {
      const container = this.innermost(type.startsWith('Map') ? 'Map' : 'Parallel');
      if (container) {
        container.failure = failureOf(event);
        this.failInside(container, container.failure, now);
      }
    } else if (type === 'ExecutionFailed' || type === 'ExecutionTimedOut' || type === 'ExecutionAborted') {
      const failure = failureOf(event);
      for (const state of [...this.open].reverse()) this.finish(state, now, 'failed', state.failure ?? failure);
    }
  }

  private enter(name: string, type: string, now: number): void {
    const containers = this.open.filter((s) => CONTAINERS.has(s.type));
    const hidden = containers.some((c) => c.hidden || (c.iteration ?? 0) >= SHOWN_ITERATIONS);
    const state: OpenState = {
      name, type, enteredAt: now, depth: containers.length, hidden,
      attempts: 0, retriedErrors: [], iterations: 0, failedIterations: 0,
    };
    this.open.push(state);
    if (CONTAINERS.has(type) && !hidden) this.print(state.depth, `▸ ${name}  ${type}`);
  }

  private startIteration(map: OpenState | undefined, index: number): void {
    if (!map) return;
    map.iteration = index;
    map.iterations += 1;
    if (!map.hidden && index < SHOWN_ITERATIONS) this.print(map.depth + 1, `· iteration ${index}`);
  }

  private exit(name: string, now: number): void {
    const index = this.open.findIndex((s) => s.name === name);
    if (index < 0) return;
    const state = this.open[index];
    this.finish(state, now, state.failure ? 'caught' : 'succeeded', state.failure);
  }

  /** A failed branch or iteration leaves its states unexited: report them as failed. */
  private failInside(container: OpenState, failure: Failure, now: number): void {
    const start = this.open.indexOf(container);
    const inside = this.open.slice(start + 1).filter((s) => s.depth > container.depth);
    for (const state of inside.reverse()) this.finish(state, now, 'failed', state.failure ?? failure);
  }

  private finish(state: OpenState, now: number, outcome: 'succeeded' | 'caught' | 'failed', failure?: Failure): void {
    this.open.splice(this.open.indexOf(state), 1);
    if (state.hidden && outcome === 'succeeded') return;
    const notes: string[] = [];
    const retries = Math.max(0, state.attempts - 1);
    if (retries > 0) {
      const errors = [...new Set(state.retriedErrors.slice(0, retries))].join(', ');
      notes.push(`${retries === 1 ? '1 retry' : `${retries} retries`}${errors ? ` after ${errors}` : ''}`);
    }
    if (state.type === 'Map' && state.iterations > 0) {
      const shown = state.hidden ? 0 : Math.min(state.iterations, SHOWN_ITERATIONS);
      const failed = state.failedIterations > 0 ? `, ${state.failedIterations} failed` : '';
      const summarised = state.iterations > shown ? `, ${state.iterations - shown} not shown` : '';
      notes.push(`${plural(state.iterations, 'iteration')}${failed}${summarised}`);
    }
    if (outcome === 'caught' && failure) notes.push(`caught ${describeFailure(failure)}`);
    if (outcome === 'failed' && failure) notes.push(describeFailure(failure));
    const symbol = outcome === 'succeeded' ? '✓' : outcome === 'caught' ? '↪' : '✗';
    const duration = formatDuration(now - state.enteredAt);
    this.print(state.depth, `${symbol} ${state.name}  ${state.type}  ${duration}${notes.length ? `  (${notes.join('; ')})` : ''}`);
  }

  private currentTask(): OpenState | undefined {
    return [...this.open].reverse().find((s) => s.type === 'Task');
  }

  private innermost(type: string, name?: unknown): OpenState | undefined {
    return [...this.open].reverse().find((s) => s.type === type && (name === undefined || s.name === name));
  }

  private print(depth: number, text: string): void {
    this.write(`${'  '.repeat(depth)}${text}`);
  }
}
