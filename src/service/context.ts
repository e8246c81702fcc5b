/** What every use case works with: the store, the account it serves, a clock and an id source. */
import { randomUUID } from 'node:crypto';
import type { CompiledMachine } from '../asl/compile.js';
import type { Clock } from '../runner/local-runner.js';
import { localInvoker, type TaskInvoker } from '../integrations/local-invoker.js';
import { loadDefinition } from '../asl/load.js';
import { DurableRunner } from '../runner/durable-runner.js';
import { statesInvoker, type ExecutionStarter } from '../integrations/states.js';
import { startExecution, stopExecution } from './executions.js';
import type { ExecutionRecord, StepCommit } from '../store/store.js';
import type { TaskHandlers } from '../integrations/task-handler.js';
import type { Account } from './arn.js';
import { ServiceError } from './errors.js';
import { MemoryStore } from '../store/memory-store.js';
import type { Store } from '../store/store.js';

export interface ServiceOptions {
  store?: Store;
  /** Default us-east-1. */
  region?: string;
  /** Default 123456789012. */
  account?: string;
  partition?: string;
  clock?: Clock;
  uuid?: () => string;
  /** How executions carry out Task states (local handlers by default). */
  handlers?: TaskHandlers;
  invoker?: TaskInvoker;
  /** Let Waits and retry backoffs cost no real time. */
  skipWaits?: boolean;
  /** This node's id for work leases; keep it across restarts (the server keeps it in its data dir). */
  nodeId?: string;
  /** How long a node holds a task before another may run it again. */
  taskLeaseMs?: number;
  /** The longest the durable runner sleeps between looks at the store. */
  pollMs?: number;
  /** The longest GetActivityTask waits for a task (AWS: 60 s). */
  activityPollMs?: number;
  /** Told of every step the durable runner commits (the console's live view and metrics). */
  onCommitted?: (commit: StepCommit) => void;
}

export interface ServiceContext {
  store: Store;
  account: Account;
  clock: Clock;
  uuid: () => string;
  now(): Date;
  options: ServiceOptions;
  /** Compiled definitions by revision: a definition is compiled once, however often it runs. */
  compiled: Map<string, CompiledMachine>;
  /** Background executions, so that callers (tests, shutdown) can wait for them. */
  running: Map<string, { done: Promise<void> }>;
  /** Runs Standard executions durably through the store. */
  runner: DurableRunner;
  /** How Task states are carried out, Standard and Express alike. */
  invoker: TaskInvoker;
}

export function createContext(options: ServiceOptions): ServiceContext {
  const clock = options.clock ?? { now: () => Date.now() };
  const store = options.store ?? new MemoryStore();
  const uuid = options.uuid ?? randomUUID;
  const compiled = new Map<string, CompiledMachine>();
  const ctx: Omit<ServiceContext, 'runner' | 'invoker'> & { runner?: DurableRunner; invoker?: TaskInvoker } = {
    store,
    account: { partition: options.partition ?? 'aws', region: options.region ?? 'us-east-1', account: options.account ?? '123456789012' },
    clock,
    uuid,
    now: () => new Date(clock.now()),
    options,
    compiled,
    running: new Map(),
  };
  const service = ctx as ServiceContext;
  // Tasks that start executions come back into this service; every other Task goes to the handlers.
  const invoker = statesInvoker(childExecutions(service), options.invoker ?? localInvoker(options.handlers), isServiceError);
  ctx.invoker = invoker;
  ctx.runner = new DurableRunner({
    store,
    invoker,
    compile: (record) => compileRevision(compiled, record.stateMachineArn, record.machine),
    clock,
    uuid,
    owner: options.nodeId ?? `node-${uuid()}`,
    taskLeaseMs: options.taskLeaseMs,
    pollMs: options.pollMs,
    skipWaits: options.skipWaits,
    onCommitted: options.onCommitted,
  });
  return service;
}

const isServiceError = (e: unknown): e is ServiceError => e instanceof ServiceError;

function childExecutions(ctx: ServiceContext): ExecutionStarter {
  return {
    startExecution: (input) => startExecution(ctx, input),
    waitForEnd: (arn) => ctx.runner.waitFor(arn),
    stopExecution: async (executionArn, error, cause) => {
      await stopExecution(ctx, { executionArn, error, cause });
    },
  };
}

/** A definition is compiled once per revision, however often and wherever it runs. */
export function compileRevision(
  cache: Map<string, CompiledMachine>,
  machineArn: string,
  config: Pick<ExecutionRecord['machine'], 'definition' | 'type' | 'revisionId'>,
): CompiledMachine {
  const key = `${machineArn}#${config.revisionId}`;
  let compiled = cache.get(key);
  if (!compiled) {
    compiled = loadDefinition(config.definition, { type: config.type });
    cache.set(key, compiled);
  }
  return compiled;
}

export const machineDoesNotExist = (arn: string): ServiceError =>
  new ServiceError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`);

export const missingParameter = (message: string): ServiceError => new ServiceError('MissingRequiredParameter', message);
