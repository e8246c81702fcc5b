/**
 * Executions: start (asynchronously or synchronously), stop, describe, list, history. For now an
 * execution runs to its end in this process through the local runner, and its result and history
 * land in the store; a durable runner takes this over later.
 */
import type { CompiledMachine } from '../asl/compile.js';
import { runExecution } from '../runner/local-runner.js';
import { HISTORY_LIMIT_CAUSE, HISTORY_LIMIT_ERROR, type HistoryEvent } from '../engine/history.js';
import { routeAlias } from './aliases.js';
import { executionArn, expressExecutionArn, parseExecutionArn, parseMachineArn } from './arn.js';
import { validationException } from './constraints.js';
import { compileRevision, machineDoesNotExist, type ServiceContext } from './context.js';
import { StaleStateError } from '../store/store.js';
import { ServiceError } from './errors.js';
import { childDefinition, itemCounter, labelOf } from './map-run-children.js';
import { requireRun } from './map-runs.js';
import { decodeCursor, encodeCursor, paginate } from './pagination.js';
import type { ExecutionPageQuery, ExecutionRecord, MachineConfig, StateMachineRecord } from '../store/store.js';
import type {
  DescribeExecutionOutput,
  ExecutionListItem,
  GetExecutionHistoryInput,
  GetExecutionHistoryOutput,
  ListExecutionsInput,
  StartExecutionInput,
  StartExecutionOutput,
  StartSyncExecutionOutput,
  StopExecutionInput,
} from './types.js';
import { checkName, parseExecutionInput } from './validation.js';

/** What a StartExecution call runs: the machine's latest revision, a version, or a version drawn by an alias. */
interface Target {
  machine: StateMachineRecord;
  config: MachineConfig & { revisionId: string };
  versionArn?: string;
  aliasArn?: string;
}

async function resolveTarget(ctx: ServiceContext, arn: string): Promise<Target> {
  const ref = parseMachineArn(arn);
  const machine = await ctx.store.getMachine(ref.machineArn);
  if (!machine) throw machineDoesNotExist(arn);
  if (ref.version === undefined && ref.alias === undefined) return { machine, config: machine };
  let aliasArn: string | undefined;
  let versionArn = arn;
  if (ref.alias !== undefined) {
    const alias = await ctx.store.getAlias(arn);
    if (!alias) throw machineDoesNotExist(arn);
    aliasArn = arn;
    versionArn = routeAlias(alias, Math.random());
  }
  const version = await ctx.store.getVersion(versionArn);
  if (!version) throw machineDoesNotExist(arn);
  return { machine, config: version, versionArn, ...(aliasArn && { aliasArn }) };
}

function compile(ctx: ServiceContext, target: Target): CompiledMachine {
  return compileRevision(ctx.compiled, target.machine.arn, target.config);
}

/**
 * An Express execution runs in memory, as AWS's do: it keeps no history, and the same Task
 * integrations as a Standard one. `sync` (StartSyncExecution) cannot be redriven.
 */
function runExpress(ctx: ServiceContext, target: Target, name: string, arn: string, input: unknown, sync: boolean) {
  return runExecution(compile(ctx, target), {
    input,
    name,
    executionArn: arn,
    stateMachineName: target.machine.name,
    roleArn: target.config.roleArn,
    type: 'EXPRESS',
    sync,
    region: ctx.account.region,
    account: ctx.account.account,
    invoker: ctx.invoker,
    skipWaits: ctx.options.skipWaits,
    clock: ctx.clock,
    uuid: ctx.uuid,
    history: false,
  });
}

const json = (value: unknown): string => JSON.stringify(value ?? null);

export async function startExecution(ctx: ServiceContext, input: StartExecutionInput): Promise<StartExecutionOutput> {
  const target = await resolveTarget(ctx, input.stateMachineArn);
  if (input.name !== undefined) checkName(input.name);
  const value = parseExecutionInput(input.input);
  const inputText = input.input ?? '{}';
  const name = input.name ?? ctx.uuid();
  const startDate = ctx.now();

  if (target.config.type === 'EXPRESS') {
    const arn = expressExecutionArn(ctx.account, target.machine.name, name, ctx.uuid());
    track(ctx, arn, runExpress(ctx, target, name, arn, value, false).then(() => undefined));
    return { executionArn: arn, startDate };
  }
  compile(ctx, target); // an invalid definition is refused before anything is stored

  const arn = executionArn(ctx.account, target.machine.name, name);
  const existing = await ctx.store.getExecution(arn);
  if (existing) {
    // Idempotent while running with the same input; otherwise the name is taken.
    if (existing.status === 'RUNNING' && existing.input === inputText) return { executionArn: arn, startDate: existing.startDate };
    throw new ServiceError('ExecutionAlreadyExists', `Execution Already Exists: '${arn}'`);
  }
  const record: ExecutionRecord = {
    executionArn: arn,
    stateMachineArn: target.machine.arn,
    ...(target.versionArn && { stateMachineVersionArn: target.versionArn }),
    ...(target.aliasArn && { stateMachineAliasArn: target.aliasArn }),
    name,
    status: 'RUNNING',
    input: inputText,
    startDate,
    machine: { ...machineConfig(target.config), name: target.machine.name, revisionId: target.config.revisionId, updateDate: target.machine.updateDate },
    redriveCount: 0,
  };
  try {
    await ctx.runner.start(record, {
      type: 'STANDARD',
      executionArn: arn,
      name,
      stateMachineArn: target.machine.arn,
      stateMachineName: target.machine.name,
      roleArn: target.config.roleArn,
      input: value,
      redriveCount: 0,
    });
  } catch (e) {
    // Another start of the same name committed first.
    if (e instanceof StaleStateError) throw new ServiceError('ExecutionAlreadyExists', `Execution Already Exists: '${arn}'`);
    throw e;
  }
  track(ctx, arn, ctx.runner.waitFor(arn).then(() => undefined));
  return { executionArn: arn, startDate };
}

function machineConfig(c: MachineConfig): MachineConfig {
  const { definition, roleArn, type, loggingConfiguration, tracingConfiguration, encryptionConfiguration } = c;
  return { definition, roleArn, type, loggingConfiguration, tracingConfiguration, ...(encryptionConfiguration && { encryptionConfiguration }) };
}

function track(ctx: ServiceContext, arn: string, done: Promise<void>): void {
  ctx.running.set(arn, { done: done.finally(() => ctx.running.delete(arn)) });
}

export async function startSyncExecution(ctx: ServiceContext, input: StartExecutionInput): Promise<StartSyncExecutionOutput> {
  const target = await resolveTarget(ctx, input.stateMachineArn);
  if (target.config.type !== 'EXPRESS') {
    throw new ServiceError('StateMachineTypeNotSupported', 'This operation is not supported by this type of state machine');
  }
  if (input.name !== undefined) checkName(input.name);
  const value = parseExecutionInput(input.input);
  const name = input.name ?? ctx.uuid();
  const startDate = ctx.now();
  const arn = expressExecutionArn(ctx.account, target.machine.name, name, ctx.uuid());
  const r = await runExpress(ctx, target, name, arn, value, true);
  return {
    executionArn: arn,
    stateMachineArn: input.stateMachineArn,
    name,
    startDate,
    stopDate: new Date(r.stopDate),
    status: r.status === 'SUCCEEDED' || r.status === 'TIMED_OUT' ? r.status : 'FAILED',
    input: input.input ?? '{}',
    inputDetails: { included: true },
    ...(r.status === 'SUCCEEDED' && { output: json(r.output) }),
    outputDetails: { included: true },
    ...(r.error !== undefined && { error: r.error }),
    ...(r.cause !== undefined && { cause: r.cause }),
    billingDetails: { billedMemoryUsedInMB: 64, billedDurationInMilliseconds: Math.max(100, Date.parse(r.stopDate) - Date.parse(r.startDate)) },
  };
}

async function requireExecution(ctx: ServiceContext, arn: string): Promise<ExecutionRecord> {
  parseExecutionArn(arn);
  const execution = await ctx.store.getExecution(arn);
  if (!execution) throw new ServiceError('ExecutionDoesNotExist', `Execution Does Not Exist: '${arn}'`);
  return execution;
}

export async function stopExecution(ctx: ServiceContext, input: StopExecutionInput): Promise<{ stopDate: Date }> {
  const execution = await requireExecution(ctx, input.executionArn);
  if (execution.status === 'RUNNING') await ctx.runner.stop(execution.executionArn, input.error, input.cause);
  const stopped = await ctx.store.getExecution(execution.executionArn);
  return { stopDate: stopped?.stopDate ?? ctx.now() };
}

export async function redriveExecution(ctx: ServiceContext, arn: string): Promise<{ redriveDate: Date }> {
  const execution = await requireExecution(ctx, arn);
  if (execution.machine.type === 'EXPRESS') throw notRedrivable(arn, 'Express executions cannot be redriven');
  if (execution.status === 'RUNNING' || execution.status === 'SUCCEEDED') {
    throw notRedrivable(arn, `Execution is ${execution.status}`);
  }
  if (historyFull(execution)) throw notRedrivable(arn, 'Execution history event limit exceeded');
  if (!(await ctx.runner.redrive(arn))) throw notRedrivable(arn, 'Execution has no state to redrive from');
  track(ctx, arn, ctx.runner.waitFor(arn).then(() => undefined));
  return { redriveDate: ctx.now() };
}

const notRedrivable = (arn: string, why: string): ServiceError =>
  new ServiceError('ExecutionNotRedrivable', `Execution cannot be redriven: '${arn}'. ${why}.`);

/** Failed for reaching AWS's 25,000 history events: such an execution can never be redriven. */
const historyFull = (e: ExecutionRecord): boolean => e.status === 'FAILED' && e.error === HISTORY_LIMIT_ERROR && e.cause === HISTORY_LIMIT_CAUSE;

export async function describeExecution(ctx: ServiceContext, arn: string): Promise<DescribeExecutionOutput> {
  const e = await requireExecution(ctx, arn);
  const ended = e.status === 'FAILED' || e.status === 'TIMED_OUT' || e.status === 'ABORTED';
  if (e.mapRunArn !== undefined) return { ...describeItem(e), mapRunArn: e.mapRunArn, ...childRedriveStatus(e, ended) };
  const redrivable = ended && !historyFull(e);
  return {
    ...describeItem(e),
    redriveStatus: redrivable ? 'REDRIVABLE' : 'NOT_REDRIVABLE',
    ...(!redrivable && { redriveStatusReason: ended ? 'Execution history event limit exceeded.' : `Execution is ${e.status} and cannot be redriven` }),
  };
}

/** A child execution is redriven with its Map Run, when its parent is: never on its own. */
function childRedriveStatus(e: ExecutionRecord, ended: boolean): Pick<DescribeExecutionOutput, 'redriveStatus' | 'redriveStatusReason'> {
  return ended ? { redriveStatus: 'REDRIVABLE_BY_MAP_RUN' } : { redriveStatus: 'NOT_REDRIVABLE', redriveStatusReason: `Execution is ${e.status} and cannot be redriven` };
}

function describeItem(e: ExecutionRecord): Omit<DescribeExecutionOutput, 'redriveStatus'> {
  return {
    ...listItem(e),
    input: e.input,
    inputDetails: { included: true },
    ...(e.output !== undefined && { output: e.output, outputDetails: { included: true } }),
    ...(e.error !== undefined && { error: e.error }),
    ...(e.cause !== undefined && { cause: e.cause }),
  };
}

function listItem(e: ExecutionRecord): ExecutionListItem {
  return {
    executionArn: e.executionArn,
    stateMachineArn: e.stateMachineArn,
    name: e.name,
    status: e.status,
    startDate: e.startDate,
    ...(e.stopDate && { stopDate: e.stopDate }),
    ...(e.stateMachineVersionArn && { stateMachineVersionArn: e.stateMachineVersionArn }),
    ...(e.stateMachineAliasArn && { stateMachineAliasArn: e.stateMachineAliasArn }),
    redriveCount: e.redriveCount,
  };
}

export async function describeStateMachineForExecution(ctx: ServiceContext, arn: string) {
  const e = await requireExecution(ctx, arn);
  const { name, revisionId, updateDate, ...config } = e.machine;
  return {
    stateMachineArn: e.stateMachineVersionArn ?? e.stateMachineArn,
    name,
    definition: e.mapRunArn === undefined ? config.definition : childDefinition(e),
    ...(e.mapRunArn !== undefined && { mapRunArn: e.mapRunArn, label: labelOf(e) }),
    roleArn: config.roleArn,
    updateDate,
    loggingConfiguration: config.loggingConfiguration,
    tracingConfiguration: config.tracingConfiguration,
    revisionId,
    ...(config.encryptionConfiguration && { encryptionConfiguration: config.encryptionConfiguration }),
  };
}

export async function listExecutions(ctx: ServiceContext, input: ListExecutionsInput): Promise<{ executions: ExecutionListItem[]; nextToken?: string }> {
  if (input.stateMachineArn === undefined) {
    if (input.mapRunArn === undefined) throw validationException('Must provide a StateMachine ARN or MapRun ARN');
    return listMapRunExecutions(ctx, { ...input, mapRunArn: input.mapRunArn });
  }
  const ref = parseMachineArn(input.stateMachineArn);
  const machine = await ctx.store.getMachine(ref.machineArn);
  const qualified = ref.version !== undefined ? await ctx.store.getVersion(input.stateMachineArn) : ref.alias !== undefined ? await ctx.store.getAlias(input.stateMachineArn) : machine;
  if (!machine || !qualified) throw machineDoesNotExist(input.stateMachineArn);
  if (machine.type === 'EXPRESS') throw new ServiceError('StateMachineTypeNotSupported', 'This operation is not supported by this type of state machine');
  return listPage(input, (q) => ctx.store.listExecutionsPage(machine.arn, {
    ...(ref.version !== undefined && { versionArn: input.stateMachineArn }),
    ...(ref.alias !== undefined && { aliasArn: input.stateMachineArn }),
    ...q,
  }), listItem);
}

/** A Distributed Map's child executions, which AWS lists by Map Run (an unknown one is ResourceNotFound). */
async function listMapRunExecutions(ctx: ServiceContext, input: ListExecutionsInput & { mapRunArn: string }) {
  const { mapRunArn } = input;
  await requireRun(ctx, mapRunArn);
  let count: ((e: ExecutionRecord) => number) | undefined;
  return listPage(input, (q) => ctx.store.listMapRunExecutionsPage(mapRunArn, q), (e) => {
    count ??= itemCounter(e);
    return { ...listItem(e), mapRunArn, itemCount: count(e) };
  });
}

/** One page from the store (an index range), plus one item that, if there, starts the next page. */
async function listPage(
  input: ListExecutionsInput,
  read: (q: ExecutionPageQuery) => Promise<ExecutionRecord[]>,
  item: (e: ExecutionRecord) => ExecutionListItem,
): Promise<{ executions: ExecutionListItem[]; nextToken?: string }> {
  const size = input.maxResults ? input.maxResults : 100;
  const page = await read({
    ...(input.statusFilter !== undefined && { statusFilter: input.statusFilter }),
    ...(input.redriveFilter !== undefined && { redriven: input.redriveFilter === 'REDRIVEN' }),
    limit: size + 1,
    ...(input.nextToken !== undefined && { from: decodeCursor(input.nextToken) }),
  });
  const next = page.length > size ? page[size] : undefined;
  return {
    executions: page.slice(0, size).map(item),
    ...(next && { nextToken: encodeCursor({ startDate: next.startDate, executionArn: next.executionArn }) }),
  };
}

export async function getExecutionHistory(ctx: ServiceContext, input: GetExecutionHistoryInput): Promise<GetExecutionHistoryOutput> {
  const e = await requireExecution(ctx, input.executionArn);
  let events = await ctx.store.getHistory(e.executionArn);
  if (input.reverseOrder) events = events.reverse();
  if (input.includeExecutionData === false) events = events.map(withoutData);
  const { items, nextToken } = paginate(events, (ev) => String(ev.id), input);
  return { events: items, ...(nextToken && { nextToken }) };
}

/** `includeExecutionData: false` leaves out every event's input and output. */
function withoutData(event: HistoryEvent): HistoryEvent {
  const copy: HistoryEvent = { ...event };
  for (const [key, details] of Object.entries(event)) {
    if (key.endsWith('EventDetails') && details && typeof details === 'object') {
      const { input: _input, output: _output, ...rest } = details as Record<string, unknown>;
      copy[key] = rest;
    }
  }
  return copy;
}
