/**
 * `GET /console/api/metrics` (series, durations and hotspots over a time range, JSON) and
 * `GET /metrics` (running totals in Prometheus's text format, version 0.0.4).
 */
import type { Monitoring } from '../../service/monitoring.js';
import { BUCKET_MS, DURATION_BOUNDS, type BucketSize, type MachineTotals } from '../../service/monitoring-metrics.js';
import type { MetricsParams, MetricsResult } from './contract.js';
import { invalid, type QueryParams } from './http.js';

const BUCKETS: readonly BucketSize[] = ['minute', 'hour', 'day'];
const MAX_POINTS = 5000;
const HOUR_MS = BUCKET_MS.hour;

/** The range defaults to the last 24 hours, the bucket to one that gives at most a few hundred points. */
export function metrics(monitoring: Monitoring, params: QueryParams<MetricsParams>, now: number): MetricsResult {
  const stateMachineArn = params.string('stateMachineArn');
  const to = params.time('to') ?? now;
  const from = params.time('from') ?? to - 24 * HOUR_MS;
  if (from > to) throw invalid(`Parameter 'from' (${from}) is after 'to' (${to})`);
  const bucket = params.oneOf('bucket', BUCKETS) ?? (to - from <= 6 * HOUR_MS ? 'minute' : to - from <= 14 * 24 * HOUR_MS ? 'hour' : 'day');
  const points = Math.floor(to / BUCKET_MS[bucket]) - Math.floor(from / BUCKET_MS[bucket]) + 1;
  if (points > MAX_POINTS) throw invalid(`The range holds ${points} ${bucket}s; at most ${MAX_POINTS} points are served: choose a larger bucket or a shorter range`);
  return monitoring.query({ ...(stateMachineArn !== undefined && { stateMachineArn }), from, to, bucket });
}

export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

const COUNTERS: [name: string, help: string, key: keyof MachineTotals][] = [
  ['stepwise_executions_started_total', 'Executions started.', 'started'],
  ['stepwise_executions_succeeded_total', 'Executions that succeeded.', 'succeeded'],
  ['stepwise_executions_failed_total', 'Executions that failed.', 'failed'],
  ['stepwise_executions_timed_out_total', 'Executions that timed out.', 'timedOut'],
  ['stepwise_executions_aborted_total', 'Executions aborted (StopExecution).', 'aborted'],
];

export function prometheus(monitoring: Monitoring): string {
  const totals = [...monitoring.totals()].map(([arn, t]) => ({ machine: machineName(arn), t })).sort((a, b) => a.machine.localeCompare(b.machine));
  const lines: string[] = [];
  const family = (name: string, type: string, help: string) => lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
  for (const [name, help, key] of COUNTERS) {
    family(name, 'counter', help);
    for (const { machine, t } of totals) lines.push(`${name}${labels({ state_machine: machine })} ${t[key] as number}`);
  }
  family('stepwise_execution_duration_seconds', 'histogram', 'How long executions ran, from start to stop.');
  for (const { machine, t } of totals) {
    DURATION_BOUNDS.forEach((le, i) => lines.push(`stepwise_execution_duration_seconds_bucket${labels({ state_machine: machine, le: String(le) })} ${t.durationBuckets[i]}`));
    lines.push(`stepwise_execution_duration_seconds_bucket${labels({ state_machine: machine, le: '+Inf' })} ${t.durationBuckets[DURATION_BOUNDS.length]}`);
    lines.push(`stepwise_execution_duration_seconds_sum${labels({ state_machine: machine })} ${t.durationSum}`);
    lines.push(`stepwise_execution_duration_seconds_count${labels({ state_machine: machine })} ${t.durationCount}`);
  }
  for (const [name, help, kind] of [
    ['stepwise_state_failures_total', 'Failures of states (task attempts, and states that failed their execution), by error.', 'failures'],
    ['stepwise_state_retries_total', 'Retries of task states, by the error retried.', 'retries'],
  ] as const) {
    family(name, 'counter', help);
    for (const { machine, t } of totals) {
      for (const [state, stats] of t.states) {
        for (const [error, counts] of stats.errors) {
          if (counts[kind] > 0) lines.push(`${name}${labels({ state_machine: machine, state, error })} ${counts[kind]}`);
        }
      }
    }
  }
  return lines.join('\n') + '\n';
}

/** `arn:aws:states:us-east-1:123456789012:stateMachine:Orders` → `Orders`. */
const machineName = (arn: string): string => arn.split(':')[6] ?? arn;

function labels(values: Record<string, string>): string {
  const escape = (v: string): string => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
  return `{${Object.entries(values).map(([k, v]) => `${k}="${escape(v)}"`).join(',')}}`;
}
