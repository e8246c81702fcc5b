/**
 * Which execution environment an invocation runs in. A warm one of its function version if one is
 * idle (the most recently used: the warmest, and the others age out). Otherwise the invocation
 * waits for one, and an environment is started for it — but never more at once than the start
 * limits allow: a burst of invocations (a restart that claims hundreds of tasks) queues for the
 * environments starting and for those that come free, whichever is first, as Lambda's scaling
 * does. Each started environment serves the oldest waiter; an environment that died while starting
 * fails the oldest waiter with its init error, as Lambda fails the invocation whose init failed.
 *
 * When a function changes, the environments started before the change are used only for the
 * invocations that came before it; each is stopped once none is left for it. Invocations that come
 * after the change run in environments started after it.
 */
import type { ExecutionEnvironment } from './environment.js';
import type { StartLimiter } from './start-limiter.js';
import type { FunctionConfig } from './types.js';

export interface EnvironmentPoolOptions {
  /** Starts the process of an environment (it is initialising when this resolves). */
  start(config: FunctionConfig): Promise<ExecutionEnvironment>;
  limiter: StartLimiter;
  /** How long an idle environment is kept warm. */
  idleTimeoutMs: number;
}

interface Waiter {
  /** The function's generation when the invocation came. */
  generation: number;
  resolve(env: ExecutionEnvironment): void;
  reject(error: unknown): void;
}

export class EnvironmentPool {
  private readonly idle = new Map<string, ExecutionEnvironment[]>();
  private readonly idleTimers = new Map<ExecutionEnvironment, NodeJS.Timeout>();
  private readonly waiters = new Map<string, Waiter[]>();
  /** Starts asked for and not yet done (waiting for their turn, or starting), by environment key. */
  private readonly launching = new Map<string, number>();
  /** Bumped by each change to a function (by unqualified ARN). */
  private readonly generations = new Map<string, number>();
  /** The generation of its function each environment was started in. */
  private readonly bornIn = new WeakMap<ExecutionEnvironment, number>();
  private readonly keys = new WeakMap<FunctionConfig, string>();
  private closed = false;

  constructor(private readonly options: EnvironmentPoolOptions) {}

  /** An idle environment of the function version, if one is warm. */
  takeIdle(config: FunctionConfig): ExecutionEnvironment | undefined {
    const env = this.idle.get(this.key(config))?.pop();
    if (env) {
      clearTimeout(this.idleTimers.get(env));
      this.idleTimers.delete(env);
    }
    return env;
  }

  /** The next environment of the function version to be ready: one started for this wait, or one that comes free first. */
  wait(config: FunctionConfig): Promise<ExecutionEnvironment> {
    const key = this.key(config);
    return new Promise((resolve, reject) => {
      let queue = this.waiters.get(key);
      if (!queue) this.waiters.set(key, (queue = []));
      queue.push({ generation: this.generation(config.functionArn), resolve, reject });
      if (queue.length > (this.launching.get(key) ?? 0)) void this.launch(config, key, false);
    });
  }

  /** The invocation is over: the environment serves the next waiter, waits warm, or is stopped if its function changed. */
  release(env: ExecutionEnvironment): void {
    if (env.alive) this.offer(env, this.key(env.config));
  }

  /** Starts an environment ahead of any invocation, as provisioned concurrency does; resolves once it is ready. */
  prewarm(config: FunctionConfig): Promise<void> {
    return this.launch(config, this.key(config), true);
  }

  /** The function changed: its idle environments stop, the others once the invocations from before the change are done. */
  invalidate(functionArn: string): void {
    const base = unqualified(functionArn);
    this.generations.set(base, this.generation(base) + 1);
    for (const [key, pool] of this.idle) {
      for (const env of [...pool]) if (unqualified(env.config.functionArn) === base) this.drop(env, key);
    }
  }

  /** The environment's process is gone. */
  forget(env: ExecutionEnvironment): void {
    this.drop(env, this.key(env.config));
  }

  /** Invocations still waiting fail with `error`; nothing more is started. */
  close(error: Error): void {
    this.closed = true;
    for (const queue of this.waiters.values()) for (const waiter of queue.splice(0)) waiter.reject(error);
    this.waiters.clear();
  }

  private async launch(config: FunctionConfig, key: string, prewarm: boolean): Promise<void> {
    this.launching.set(key, (this.launching.get(key) ?? 0) + 1);
    const done = await this.options.limiter.acquire(config.functionName);
    let env: ExecutionEnvironment;
    try {
      // Environments that came free meanwhile may have served the waiters this start was for.
      if (this.closed || (!prewarm && (this.waiters.get(key)?.length ?? 0) < (this.launching.get(key) ?? 0))) return;
      env = await this.options.start(config);
      this.bornIn.set(env, this.generation(config.functionArn));
      await env.ready;
    } catch (error) {
      if (prewarm) throw error;
      this.nextWaiter(key)?.reject(error);
      return;
    } finally {
      done();
      const left = (this.launching.get(key) ?? 1) - 1;
      if (left > 0) this.launching.set(key, left);
      else this.launching.delete(key);
    }
    this.offer(env, key);
  }

  private offer(env: ExecutionEnvironment, key: string): void {
    const oldest = this.waiters.get(key)?.[0];
    // A runtime that died starting answers the oldest waiter with why; a live one serves it if it is not older than the waiter's function.
    if (oldest && (!env.alive || (this.bornIn.get(env) ?? 0) >= oldest.generation)) {
      this.nextWaiter(key)!.resolve(env);
      return;
    }
    if (!env.alive) return;
    if (this.closed || (this.bornIn.get(env) ?? 0) < this.generation(env.config.functionArn)) return env.kill();
    let pool = this.idle.get(key);
    if (!pool) this.idle.set(key, (pool = []));
    pool.push(env);
    this.idleTimers.set(env, setTimeout(() => env.kill(), this.options.idleTimeoutMs).unref());
  }

  private nextWaiter(key: string): Waiter | undefined {
    const queue = this.waiters.get(key);
    const waiter = queue?.shift();
    if (queue?.length === 0) this.waiters.delete(key);
    return waiter;
  }

  private drop(env: ExecutionEnvironment, key: string): void {
    clearTimeout(this.idleTimers.get(env));
    this.idleTimers.delete(env);
    const pool = this.idle.get(key);
    const at = pool?.indexOf(env) ?? -1;
    if (at >= 0) {
      pool!.splice(at, 1);
      env.kill();
    }
  }

  private generation(functionArn: string): number {
    return this.generations.get(unqualified(functionArn)) ?? 0;
  }

  /** Environments are shared only by invocations of the same function version with the same configuration. */
  private key(config: FunctionConfig): string {
    let key = this.keys.get(config);
    if (key === undefined) {
      const { runtime, handler, codeDir, memorySize, timeout, environment } = config;
      key = JSON.stringify([unqualified(config.functionArn), config.version, runtime, handler, codeDir, memorySize, timeout, environment]);
      this.keys.set(config, key);
    }
    return key;
  }
}

/** arn:…:function:name[:qualifier] → arn:…:function:name. */
export function unqualified(functionArn: string): string {
  return functionArn.split(':').slice(0, 7).join(':');
}
