/** The console's own read models (`/console/api/*`): what the AWS APIs have no action for. */
import type { ConsoleApi, ConsoleEndpoint, ExecutionsQuery, MetricsParams } from '../../../src/api/console/contract.js';
import { jsonAnswer } from './aws.js';

export { EXECUTION_STATUSES } from '../../../src/api/console/contract.js';
export type { BucketSize, ExecutionsQuery, ExecutionStatus, InboxTask, MetricsResult, SeriesPoint } from '../../../src/api/console/contract.js';

async function get<K extends ConsoleEndpoint>(endpoint: K, query: ConsoleApi[K]['query']): Promise<ConsoleApi[K]['answer']> {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') params.set(k, String(v));
  const qs = params.toString();
  return jsonAnswer(await fetch(`/console/api/${endpoint}${qs ? `?${qs}` : ''}`));
}

export const getSummary = () => get('summary', {});
export const listExecutionRows = (q: ExecutionsQuery) => get('executions', q);
export const getInbox = () => get('inbox', {});
export const getMetrics = (q: MetricsParams) => get('metrics', q);
