/**
 * Execution metrics kept in memory: per state machine and minute, how many executions started
 * and ended in each way, how long those that ended ran, and which states failed or retried with
 * which errors. Queries merge minutes into minutes, hours or days; running totals feed `/metrics`.
 */
import type { ExecutionStatus } from './types.js';

export type BucketSize = 'minute' | 'hour' | 'day';

export const BUCKET_MS: Record<BucketSize, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };

export interface SeriesPoint {
  /** Epoch ms: the bucket's start. */
  t: number;
  started: number;
  succeeded: number;
  failed: number;
  timedOut: number;
  aborted: number;
}

export interface DurationSummary {
  p50: number;
  p90: number;
  p99: number;
  count: number;
}

export interface Hotspot {
  stateName: string;
  failures: number;
  retries: number;
  topErrors: { error: string; count: number; exampleExecutionArn: string }[];
}

export interface MetricsQuery {
  stateMachineArn?: string;
  /** Epoch ms, inclusive. */
  from: number;
  to: number;
  bucket: BucketSize;
}

export interface MetricsResult {
  series: SeriesPoint[];
  duration: DurationSummary;
  hotspots: Hotspot[];
}

/** Upper bounds (seconds) of the duration histogram `/metrics` reports. */
export const DURATION_BOUNDS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600, 21_600, 86_400];

type Outcome = 'succeeded' | 'failed' | 'timedOut' | 'aborted';
type Counters = Record<'started' | Outcome, number>;

interface StateStats {
  failures: number;
  retries: number;
  /** By error: failures (with one execution that had it) and retries. */
  errors: Map<string, { failures: number; retries: number; exampleExecutionArn: string }>;
}

interface Minute extends Counters {
  /** Milliseconds each execution that ended in this minute ran. */
  durations: number[];
  states: Map<string, StateStats>;
}

/** Everything since the aggregator was loaded, per machine: what `/metrics` reports. */
export interface MachineTotals extends Counters {
  /** Cumulative counts per `DURATION_BOUNDS` entry, then +Inf. */
  durationBuckets: number[];
  durationSum: number;
  durationCount: number;
  states: Map<string, StateStats>;
}

const OUTCOMES: Partial<Record<ExecutionStatus, Outcome>> = { SUCCEEDED: 'succeeded', FAILED: 'failed', TIMED_OUT: 'timedOut', ABORTED: 'aborted' };
const TOP_HOTSPOTS = 10;
const TOP_ERRORS = 5;

const counters = (): Counters => ({ started: 0, succeeded: 0, failed: 0, timedOut: 0, aborted: 0 });

export class MetricsAggregator {
  private readonly minutes = new Map<string, Map<number, Minute>>();
  private readonly totals = new Map<string, MachineTotals>();
  private forgotAt = 0;

  /** @param retentionMs minutes older than this (behind the newest recorded) are dropped. */
  constructor(private readonly retentionMs: number) {}

  started(machineArn: string, at: number): void {
    this.minute(machineArn, at).started++;
    this.total(machineArn).started++;
  }

  ended(machineArn: string, status: ExecutionStatus, at: number, durationMs: number): void {
    const outcome = OUTCOMES[status];
    if (!outcome) return;
    const minute = this.minute(machineArn, at);
    minute[outcome]++;
    minute.durations.push(durationMs);
    const total = this.total(machineArn);
    total[outcome]++;
    const seconds = durationMs / 1000;
    for (let i = 0; i < DURATION_BOUNDS.length; i++) if (seconds <= DURATION_BOUNDS[i]) total.durationBuckets[i]++;
    total.durationBuckets[DURATION_BOUNDS.length]++;
    total.durationSum += seconds;
    total.durationCount++;
  }

  incident(machineArn: string, kind: 'failure' | 'retry', stateName: string, error: string, at: number, executionArn: string): void {
    for (const states of [this.minute(machineArn, at).states, this.total(machineArn).states]) {
      let stats = states.get(stateName);
      if (!stats) states.set(stateName, (stats = { failures: 0, retries: 0, errors: new Map() }));
      let byError = stats.errors.get(error);
      if (!byError) stats.errors.set(error, (byError = { failures: 0, retries: 0, exampleExecutionArn: executionArn }));
      if (kind === 'failure') {
        stats.failures++;
        byError.failures++;
        byError.exampleExecutionArn = executionArn;
      } else {
        stats.retries++;
        byError.retries++;
      }
    }
  }

  query(q: MetricsQuery): MetricsResult {
    const size = BUCKET_MS[q.bucket];
    const first = Math.floor(q.from / size) * size;
    const points = new Map<number, SeriesPoint>();
    for (let t = first; t <= q.to; t += size) points.set(t, { t, ...counters() });
    const durations: number[] = [];
    const states = new Map<string, StateStats>();
    const firstMinute = Math.floor(q.from / BUCKET_MS.minute) * BUCKET_MS.minute;
    for (const [machineArn, minutes] of this.minutes) {
      if (q.stateMachineArn !== undefined && machineArn !== q.stateMachineArn) continue;
      for (const [t, minute] of inRange(minutes, firstMinute, q.to)) {
        const point = points.get(Math.floor(t / size) * size);
        if (point) for (const k of ['started', 'succeeded', 'failed', 'timedOut', 'aborted'] as const) point[k] += minute[k];
        durations.push(...minute.durations);
        mergeStates(states, minute.states);
      }
    }
    return { series: [...points.values()], duration: summarize(durations), hotspots: hotspots(states) };
  }

  /** Running totals per machine ARN. */
  allTotals(): ReadonlyMap<string, MachineTotals> {
    return this.totals;
  }

  private minute(machineArn: string, at: number): Minute {
    const t = Math.floor(at / BUCKET_MS.minute) * BUCKET_MS.minute;
    let minutes = this.minutes.get(machineArn);
    if (!minutes) this.minutes.set(machineArn, (minutes = new Map()));
    let minute = minutes.get(t);
    if (!minute) minutes.set(t, (minute = { ...counters(), durations: [], states: new Map() }));
    if (t - this.forgotAt >= BUCKET_MS.day) {
      this.forget(t - this.retentionMs);
      this.forgotAt = t;
    }
    return minute;
  }

  private total(machineArn: string): MachineTotals {
    let total = this.totals.get(machineArn);
    if (!total) {
      total = { ...counters(), durationBuckets: new Array<number>(DURATION_BOUNDS.length + 1).fill(0), durationSum: 0, durationCount: 0, states: new Map() };
      this.totals.set(machineArn, total);
    }
    return total;
  }

  /** Drops minutes before `before`: run once a day (of the minutes recorded), whatever the load. */
  private forget(before: number): void {
    for (const minutes of this.minutes.values()) {
      for (const t of minutes.keys()) if (t < before) minutes.delete(t);
    }
  }
}

/** The minutes from `first` to `last`: looked up one by one when the range is the smaller, else filtered. */
function* inRange(minutes: Map<number, Minute>, first: number, last: number): Iterable<[number, Minute]> {
  if ((last - first) / BUCKET_MS.minute < minutes.size) {
    for (let t = first; t <= last; t += BUCKET_MS.minute) {
      const minute = minutes.get(t);
      if (minute) yield [t, minute];
    }
  } else {
    for (const entry of minutes) if (entry[0] >= first && entry[0] <= last) yield entry;
  }
}

function mergeStates(into: Map<string, StateStats>, from: Map<string, StateStats>): void {
  for (const [name, stats] of from) {
    let merged = into.get(name);
    if (!merged) into.set(name, (merged = { failures: 0, retries: 0, errors: new Map() }));
    merged.failures += stats.failures;
    merged.retries += stats.retries;
    for (const [error, e] of stats.errors) {
      const m = merged.errors.get(error);
      // Minutes merge oldest first: the example is the latest execution that had the error.
      if (m) merged.errors.set(error, { failures: m.failures + e.failures, retries: m.retries + e.retries, exampleExecutionArn: e.exampleExecutionArn });
      else merged.errors.set(error, { ...e });
    }
  }
}

/** Nearest-rank percentiles of the durations, in ms; zeros when there are none. */
export function summarize(durations: number[]): DurationSummary {
  if (durations.length === 0) return { p50: 0, p90: 0, p99: 0, count: 0 };
  const sorted = Float64Array.from(durations).sort();
  const rank = (p: number): number => sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
  return { p50: rank(50), p90: rank(90), p99: rank(99), count: sorted.length };
}

/** The states that failed or retried most, each with its most frequent errors. */
function hotspots(states: Map<string, StateStats>): Hotspot[] {
  return [...states]
    .map(([stateName, s]) => ({
      stateName,
      failures: s.failures,
      retries: s.retries,
      topErrors: [...s.errors]
        .filter(([, e]) => e.failures > 0)
        .map(([error, e]) => ({ error, count: e.failures, exampleExecutionArn: e.exampleExecutionArn }))
        .sort((a, b) => b.count - a.count || a.error.localeCompare(b.error))
        .slice(0, TOP_ERRORS),
    }))
    .sort((a, b) => b.failures - a.failures || b.retries - a.retries || a.stateName.localeCompare(b.stateName))
    .slice(0, TOP_HOTSPOTS);
}
