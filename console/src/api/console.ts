/** The console's own read models (`/console/api/*`): what the AWS APIs have no action for. */
import { AwsError, type ExecutionStatus } from './aws.js';

export interface MachineSummary {
  stateMachineArn: string;
  name: string;
  type: 'STANDARD' | 'EXPRESS';
  creationDate: number;
  versions: number;
  aliases: number;
  lastExecution?: { executionArn: string; status: ExecutionStatus; startDate: number };
  executionsLast24h: number;
}

export interface ExecutionRow {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  status: ExecutionStatus;
  /** Epoch ms. */
  startDate: number;
  stopDate?: number;
  redriveCount: number;
}

export interface ExecutionQuery {
  stateMachineArn?: string;
  status?: string;
  name?: string;
  /** Epoch ms, on startDate. */
  from?: number;
  to?: number;
  limit?: number;
  cursor?: string;
}

export interface InboxTask {
  taskToken: string;
  executionArn: string;
  stateMachineArn: string;
  executionName: string;
  stateName: string;
  resource: string;
  input: unknown;
  scheduledAt: number;
  heartbeatSeconds?: number;
  timeoutSeconds?: number;
}

export interface MetricsPoint {
  t: number;
  started: number;
  succeeded: number;
  failed: number;
  timedOut: number;
  aborted: number;
}

export interface Hotspot {
  stateName: string;
  failures: number;
  retries: number;
  topErrors: { error: string; count: number; exampleExecutionArn: string }[];
}

export interface Metrics {
  series: MetricsPoint[];
  duration: { p50: number; p90: number; p99: number; count: number };
  hotspots: Hotspot[];
}

export type Bucket = 'minute' | 'hour' | 'day';

async function get<T>(path: string, query: Record<string, string | number | undefined> = {}): Promise<T> {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') params.set(k, String(v));
  const qs = params.toString();
  const res = await fetch(`/console/api/${path}${qs ? `?${qs}` : ''}`);
  const text = await res.text();
  let json: Record<string, unknown> = {};
  try {
    json = text ? JSON.parse(text) : {};
  } catch {
    throw new AwsError(`HTTP ${res.status}`, text.slice(0, 200), res.status);
  }
  if (!res.ok) throw new AwsError(String(json.__type ?? `HTTP ${res.status}`), String(json.message ?? text), res.status);
  return json as T;
}

export const getSummary = () => get<{ stateMachines: MachineSummary[] }>('summary');
export const listExecutionRows = (q: ExecutionQuery) =>
  get<{ executions: ExecutionRow[]; nextCursor?: string; total?: number }>('executions', { ...q });
export const getInbox = () => get<{ tasks: InboxTask[] }>('inbox');
export const getMetrics = (q: { stateMachineArn?: string; from?: number; to?: number; bucket?: Bucket }) => get<Metrics>('metrics', q);
