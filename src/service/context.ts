/** What every use case works with: the store, the account it serves, a clock and an id source. */
import { randomUUID } from 'node:crypto';
import type { CompiledMachine } from '../asl/compile.js';
import type { Clock } from '../runner/local-runner.js';
import type { TaskInvoker } from '../integrations/local-invoker.js';
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
  running: Map<string, { done: Promise<void>; stop(): void }>;
}

export function createContext(options: ServiceOptions): ServiceContext {
  const clock = options.clock ?? { now: () => Date.now() };
  return {
    store: options.store ?? new MemoryStore(),
    account: { partition: options.partition ?? 'aws', region: options.region ?? 'us-east-1', account: options.account ?? '123456789012' },
    clock,
    uuid: options.uuid ?? randomUUID,
    now: () => new Date(clock.now()),
    options,
    compiled: new Map(),
    running: new Map(),
  };
}

export const machineDoesNotExist = (arn: string): ServiceError =>
  new ServiceError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`);

export const missingParameter = (message: string): ServiceError => new ServiceError('MissingRequiredParameter', message);
