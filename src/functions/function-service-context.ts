/** What every Lambda action works with: the store and registry, the runtime, the account, a clock and ids. */
import { randomUUID } from 'node:crypto';
import type { Account } from '../service/arn.js';
import { MemoryFunctionStore, type FunctionStore } from '../store/function-store.js';
import type { FunctionRuntimePort } from './function-service-runtime.js';
import { CachedFunctionStore } from './function-store-cache.js';
import { FunctionRegistry } from './registry.js';

export interface FunctionServiceOptions {
  runtime: FunctionRuntimePort;
  /** Unpacked code goes under `<dataDir>/functions/`. */
  dataDir: string;
  store?: FunctionStore;
  /** Default us-east-1. */
  region?: string;
  /** Default 123456789012. */
  account?: string;
  partition?: string;
  clock?: { now(): number };
  uuid?: () => string;
  /** Draws alias routing; Math.random by default. */
  random?: () => number;
  /** Waits before the two retries of a failed asynchronous (`Event`) invocation; Lambda waits about 1 and 2 minutes. */
  eventRetryDelaysMs?: readonly [number, number];
}

export interface FunctionServiceContext {
  store: FunctionStore;
  registry: FunctionRegistry;
  account: Account;
  runtime: FunctionRuntimePort;
  dataDir: string;
  now(): Date;
  uuid(): string;
  eventRetryDelaysMs: readonly [number, number];
  /** Asynchronous invocations under way, so that callers (tests, shutdown) can wait for them. */
  events: Set<Promise<void>>;
  /** Retry waits of asynchronous invocations, so that shutdown can cancel them. */
  eventTimers: Set<NodeJS.Timeout>;
  /** Runs `work` after every earlier `exclusive` call on the same function has finished. */
  exclusive<T>(functionName: string, work: () => Promise<T>): Promise<T>;
}

export function createFunctionServiceContext(options: FunctionServiceOptions): FunctionServiceContext {
  // Every write goes through this one store, which is what keeps its cache right.
  const store = new CachedFunctionStore(options.store ?? new MemoryFunctionStore());
  const account: Account = {
    partition: options.partition ?? 'aws',
    region: options.region ?? 'us-east-1',
    account: options.account ?? '123456789012',
  };
  const clock = options.clock ?? { now: () => Date.now() };
  const queues = new Map<string, Promise<unknown>>();
  return {
    store,
    registry: new FunctionRegistry(store, account, options.random),
    account,
    runtime: options.runtime,
    dataDir: options.dataDir,
    now: () => new Date(clock.now()),
    uuid: options.uuid ?? randomUUID,
    eventRetryDelaysMs: options.eventRetryDelaysMs ?? [60_000, 120_000],
    events: new Set(),
    eventTimers: new Set(),
    exclusive<T>(functionName: string, work: () => Promise<T>): Promise<T> {
      const before = queues.get(functionName) ?? Promise.resolve();
      const run = before.then(work, work);
      const tail = run.catch(() => undefined);
      queues.set(functionName, tail);
      void tail.then(() => {
        if (queues.get(functionName) === tail) queues.delete(functionName);
      });
      return run;
    },
  };
}
