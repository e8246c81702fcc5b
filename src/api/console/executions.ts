/**
 * `GET /console/api/summary` (every state machine with its versions, aliases, last execution and
 * the last day's count) and `GET /console/api/executions` (executions of one machine or all,
 * filtered and paged through the store's indexes). Dates are epoch milliseconds.
 */
import type { ExecutionSummary, Store } from '../../store/store.js';
import { EXECUTION_STATUSES, type ExecutionRow, type ExecutionsPage, type ExecutionsQuery, type SummaryAnswer } from './contract.js';
import { invalid, type QueryParams } from './http.js';

const DAY_MS = 86_400_000;
export const MAX_PAGE = 500;
const DEFAULT_PAGE = 100;

export async function summary(store: Store, now: number): Promise<SummaryAnswer> {
  const machines = await store.listMachines();
  machines.sort((a, b) => a.name.localeCompare(b.name));
  const stateMachines = await Promise.all(
    machines.map(async (m) => {
      const [versions, aliases, [last], executionsLast24h] = await Promise.all([
        store.listVersions(m.arn),
        store.listAliases(m.arn),
        store.listExecutionsPage(m.arn, { limit: 1 }),
        store.countExecutions({ stateMachineArn: m.arn, from: now - DAY_MS }),
      ]);
      return {
        stateMachineArn: m.arn,
        name: m.name,
        type: m.type,
        creationDate: m.creationDate.getTime(),
        versions: versions.length,
        aliases: aliases.length,
        ...(last && { lastExecution: { executionArn: last.executionArn, status: last.status, startDate: last.startDate.getTime() } }),
        executionsLast24h,
      };
    }),
  );
  return { stateMachines };
}

/**
 * One page, newest first. `total` counts every match, and is given when counting is cheap: not
 * for a search by name, which would read the whole index range again.
 */
export async function listExecutions(store: Store, params: QueryParams<ExecutionsQuery>): Promise<ExecutionsPage> {
  const filter = {
    stateMachineArn: params.string('stateMachineArn'),
    status: params.oneOf('status', EXECUTION_STATUSES),
    nameContains: params.string('name', 80),
    from: params.time('from'),
    to: params.time('to'),
  };
  const limit = params.integer('limit', 1, MAX_PAGE) ?? DEFAULT_PAGE;
  const token = params.string('cursor');
  const cursor = token === undefined ? undefined : decodeCursor(token);
  const defined = Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined)) as typeof filter;
  const [page, total] = await Promise.all([
    store.searchExecutions({ ...defined, limit: limit + 1, ...(cursor && { cursor }) }),
    defined.nameContains === undefined ? store.countExecutions(defined) : undefined,
  ]);
  const next = page.length > limit ? page[limit] : undefined;
  return {
    executions: page.slice(0, limit).map(toItem),
    ...(next && { nextCursor: encodeCursor(next) }),
    ...(total !== undefined && { total }),
  };
}

function toItem(e: ExecutionSummary): ExecutionRow {
  return {
    executionArn: e.executionArn,
    stateMachineArn: e.stateMachineArn,
    name: e.name,
    status: e.status,
    startDate: e.startDate.getTime(),
    ...(e.stopDate && { stopDate: e.stopDate.getTime() }),
    redriveCount: e.redriveCount,
  };
}

/** Where the next page starts: its first execution's start date and ARN, opaque to the client. */
function encodeCursor(e: ExecutionSummary): string {
  return Buffer.from(JSON.stringify([e.startDate.getTime(), e.executionArn])).toString('base64url');
}

function decodeCursor(token: string): { startDate: Date; executionArn: string } {
  try {
    const [ms, arn] = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as unknown[];
    if (typeof ms === 'number' && Number.isInteger(ms) && typeof arn === 'string') return { startDate: new Date(ms), executionArn: arn };
  } catch {
    // Falls through to the refusal.
  }
  throw invalid(`Invalid cursor: '${token}'`);
}
