/**
 * Map Runs: each Distributed Map state's run of child executions. A Map Run is read from its
 * parent's history (MapRunStarted … MapRunSucceeded/Failed/Aborted), which is where the runner
 * records it, so there is one source of truth.
 */
import type { HistoryEvent } from '../engine/history.js';
import { parseExecutionArn } from './arn.js';
import type { ServiceContext } from './context.js';
import { ServiceError } from './errors.js';
import { paginate } from './pagination.js';
import type { Page } from './types.js';

export interface MapRunListItem {
  executionArn: string;
  mapRunArn: string;
  stateMachineArn: string;
  startDate: Date;
  stopDate?: Date;
}

export interface DescribeMapRunOutput {
  mapRunArn: string;
  executionArn: string;
  status: 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'ABORTED';
  startDate: Date;
  stopDate?: Date;
  maxConcurrency: number;
  toleratedFailurePercentage: number;
  toleratedFailureCount: number;
  itemCounts: Counts;
  executionCounts: Counts;
  redriveCount: number;
}

interface Counts {
  pending: number;
  running: number;
  succeeded: number;
  failed: number;
  timedOut: number;
  aborted: number;
  total: number;
  resultsWritten: number;
  failuresNotRedrivable: number;
  pendingRedrive: number;
}

const MAP_RUN_ARN = /^arn:[^:]+:states:[^:]+:\d{12}:mapRun:([^/]+)\/[^:]+:.+$/;

/** The state machine a Map Run ARN names (`…:mapRun:Machine/MapState:id`), or AWS's `InvalidArn`. */
export function mapRunMachine(mapRunArn: string): string {
  const m = MAP_RUN_ARN.exec(mapRunArn);
  if (!m) throw new ServiceError('InvalidArn', `Invalid Arn: 'Resource type not valid in this context: ${mapRunArn}'`);
  return m[1];
}

/** A map run's execution ARN is its parent's: the machine name and execution name are in both. */
function parentOf(ctx: ServiceContext, mapRunArn: string): string {
  const machineName = mapRunMachine(mapRunArn);
  const executionName = mapRunArn.slice(mapRunArn.lastIndexOf(':') + 1).replace(/-[0-9a-f]{8}$/, '');
  const { partition, region, account } = ctx.account;
  return `arn:${partition}:states:${region}:${account}:execution:${machineName}:${executionName}`;
}

interface Run {
  started: HistoryEvent;
  length: number;
  end?: HistoryEvent;
}

function runsIn(history: HistoryEvent[]): Map<string, Run> {
  const runs = new Map<string, Run>();
  let length = 0;
  let current: Run | undefined;
  for (const e of history) {
    if (e.type === 'MapStateStarted') length = (e.mapStateStartedEventDetails as { length: number }).length;
    if (e.type === 'MapRunStarted') {
      current = { started: e, length };
      runs.set((e.mapRunStartedEventDetails as { mapRunArn: string }).mapRunArn, current);
    }
    if (current && (e.type === 'MapRunSucceeded' || e.type === 'MapRunFailed' || e.type === 'MapRunAborted')) {
      current.end = e;
      current = undefined;
    }
  }
  return runs;
}

/** The Map Run and the execution that started it, or AWS's `InvalidArn` / `ResourceNotFound`. */
export async function requireRun(ctx: ServiceContext, mapRunArn: string): Promise<{ executionArn: string; run: Run }> {
  const executionArn = parentOf(ctx, mapRunArn);
  const run = runsIn(await ctx.store.getHistory(executionArn)).get(mapRunArn);
  if (!run) throw new ServiceError('ResourceNotFound', `Resource not found: '${mapRunArn}'`);
  return { executionArn, run };
}

export async function describeMapRun(ctx: ServiceContext, mapRunArn: string): Promise<DescribeMapRunOutput> {
  const { executionArn, run } = await requireRun(ctx, mapRunArn);
  const status = run.end === undefined ? 'RUNNING' : run.end.type === 'MapRunSucceeded' ? 'SUCCEEDED' : run.end.type === 'MapRunFailed' ? 'FAILED' : 'ABORTED';
  // The history records how the run ended, not each child: a succeeded run succeeded every item.
  const counts = (done: number): Counts => ({
    pending: 0,
    running: status === 'RUNNING' ? run.length : 0,
    succeeded: status === 'SUCCEEDED' ? run.length : 0,
    failed: status === 'FAILED' ? done : 0,
    timedOut: 0,
    aborted: status === 'ABORTED' ? run.length : 0,
    total: run.length,
    resultsWritten: 0,
    failuresNotRedrivable: 0,
    pendingRedrive: 0,
  });
  return {
    mapRunArn,
    executionArn,
    status,
    startDate: new Date(run.started.timestamp),
    ...(run.end && { stopDate: new Date(run.end.timestamp) }),
    maxConcurrency: 0,
    toleratedFailurePercentage: 0,
    toleratedFailureCount: 0,
    itemCounts: counts(run.length),
    executionCounts: counts(run.length),
    redriveCount: 0,
  };
}

export async function listMapRuns(ctx: ServiceContext, input: Page & { executionArn: string }): Promise<{ mapRuns: MapRunListItem[]; nextToken?: string }> {
  parseExecutionArn(input.executionArn);
  const execution = await ctx.store.getExecution(input.executionArn);
  if (!execution) throw new ServiceError('ExecutionDoesNotExist', `Execution Does Not Exist: '${input.executionArn}'`);
  const runs = [...runsIn(await ctx.store.getHistory(input.executionArn)).entries()].map(([mapRunArn, run]) => ({
    executionArn: input.executionArn,
    mapRunArn,
    stateMachineArn: execution.stateMachineArn,
    startDate: new Date(run.started.timestamp),
    ...(run.end && { stopDate: new Date(run.end.timestamp) }),
  }));
  const { items, nextToken } = paginate(runs, (r) => r.mapRunArn, input);
  return { mapRuns: items, ...(nextToken && { nextToken }) };
}

export interface UpdateMapRunInput {
  mapRunArn: string;
  maxConcurrency?: number;
  toleratedFailurePercentage?: number;
  toleratedFailureCount?: number;
}

export async function updateMapRun(ctx: ServiceContext, input: UpdateMapRunInput): Promise<void> {
  if (input.maxConcurrency === undefined && input.toleratedFailurePercentage === undefined && input.toleratedFailureCount === undefined) {
    throw new ServiceError('ValidationException', 'Must provide at least one of maxConcurrency, toleratedFailurePercentage or toleratedFailureCount');
  }
  const { executionArn, run } = await requireRun(ctx, input.mapRunArn);
  if (run.end !== undefined) throw new ServiceError('ValidationException', `Map Run is not running: '${input.mapRunArn}'`);
  await ctx.runner.updateMapRun(executionArn, {
    mapRunArn: input.mapRunArn,
    ...(input.maxConcurrency !== undefined && { maxConcurrency: input.maxConcurrency }),
    ...(input.toleratedFailurePercentage !== undefined && { toleratedFailurePercentage: input.toleratedFailurePercentage }),
    ...(input.toleratedFailureCount !== undefined && { toleratedFailureCount: input.toleratedFailureCount }),
  });
}
