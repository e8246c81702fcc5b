/**
 * The Lambda-compatible function runtime: invokes functions in execution environments (child
 * processes speaking the Lambda Runtime API), reusing warm ones, scaling out up to the function's
 * concurrency a few environment starts at a time (environment-pool.ts), reaping idle ones, and
 * keeping each function's log and meter.
 */
import { randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { ExecutionEnvironment, type InvocationOutcome } from './environment.js';
import { EnvironmentPool, unqualified } from './environment-pool.js';
import { MAX_REQUEST_BYTES } from './lambda-errors.js';
import { pythonExecutable } from './launch.js';
import { LogStore } from './log-store.js';
import { gbSeconds } from './report.js';
import { StartLimiter } from './start-limiter.js';
import {
  FunctionRuntimeError,
  runtimeFamily,
  type FunctionConfig,
  type InvokeOptions,
  type InvokeResult,
  type LogEntry,
  type Metering,
} from './types.js';

export * from './types.js';
export { prepareCode } from './prepare-code.js';
export { functionLogDir, functionLogFile } from './log-store.js';

export interface FunctionRuntimeOptions {
  /** The account's concurrency limit across all functions (AWS's default: 1000). */
  globalConcurrency?: number;
  /** How long an idle environment is kept warm. */
  idleTimeoutMs?: number;
  /** Where `<function>.log` files are appended; logs stay in memory only when absent. */
  logDir?: string;
  /** Variables every function gets beneath its own (e.g. AWS_ENDPOINT_URL, credentials). */
  env?: Record<string, string>;
  /** Lines of each function's log kept in memory. */
  logCapacity?: number;
  /** How often busy environments' memory is sampled against their memory size. */
  memorySampleMs?: number;
  /** Environments starting at once, in all (default: twice the machine's cores). */
  maxConcurrentStarts?: number;
  /** Environments of one function starting at once (default: the machine's cores). */
  maxConcurrentStartsPerFunction?: number;
}

const TAIL_BYTES = 4096;

export class FunctionRuntime {
  private readonly globalConcurrency: number;
  private readonly serverEnv: Record<string, string>;
  private readonly memorySampleMs: number;
  private readonly logStore: LogStore;
  private readonly environments = new Set<ExecutionEnvironment>();
  private readonly pool: EnvironmentPool;
  private readonly exited = new Map<ExecutionEnvironment, Promise<void>>();
  private readonly exitWaiters = new Map<ExecutionEnvironment, () => void>();
  private readonly inFlight = new Map<string, number>();
  private readonly meters = new Map<string, Metering>();
  private totalInFlight = 0;
  private sampler?: NodeJS.Timeout;
  private closed = false;
  // Environments run in their own process groups; if the server exits without close(), take them along.
  private readonly killAllOnExit = () => {
    for (const env of this.environments) env.kill();
  };

  constructor(options: FunctionRuntimeOptions = {}) {
    this.globalConcurrency = options.globalConcurrency ?? 1000;
    const cores = availableParallelism();
    this.pool = new EnvironmentPool({
      start: (config) => this.startEnvironment(config),
      limiter: new StartLimiter({ total: options.maxConcurrentStarts ?? Math.max(2, 2 * cores), perGroup: options.maxConcurrentStartsPerFunction ?? cores }),
      idleTimeoutMs: options.idleTimeoutMs ?? 300_000,
    });
    this.serverEnv = options.env ?? {};
    this.memorySampleMs = options.memorySampleMs ?? 20;
    this.logStore = new LogStore(options.logDir, options.logCapacity);
    process.on('exit', this.killAllOnExit);
  }

  /**
   * Invokes synchronously (RequestResponse). Function failures come back as a result with
   * `functionError`; AWS-level failures (throttling, oversized request) throw FunctionRuntimeError.
   */
  async invoke(config: FunctionConfig, payload: string, options: InvokeOptions = {}): Promise<InvokeResult> {
    if (this.closed) throw new FunctionRuntimeError('ServiceException', 'The function runtime is shutting down.');
    const size = Buffer.byteLength(payload);
    if (size > MAX_REQUEST_BYTES) {
      throw new FunctionRuntimeError('RequestEntityTooLargeException', `${size} byte payload is too large for the RequestResponse invocation type (limit ${MAX_REQUEST_BYTES} bytes)`);
    }
    const clientContext = options.clientContext === undefined ? undefined : decodeClientContext(options.clientContext);
    const meter = this.meter(config.functionName);
    this.admit(config, meter);
    const requestId = options.requestId ?? randomUUID();
    try {
      let env = this.pool.takeIdle(config);
      const waited = env === undefined;
      env ??= await this.pool.wait(config);
      const outcome = await env.invoke({ requestId, payload, clientContext });
      this.pool.release(env);
      // Only an invocation that found no environment warm and got a new one waited for an init.
      if (waited && outcome.initDurationMs !== undefined) meter.coldStarts++;
      this.count(meter, config, outcome);
      return {
        payload: outcome.payload,
        functionError: outcome.functionError ? 'Unhandled' : undefined,
        logResult: options.logType === 'Tail' ? tail(outcome.lines) : undefined,
        executedVersion: config.version,
        requestId,
        durationMs: outcome.durationMs,
        billedDurationMs: outcome.billedDurationMs,
        maxMemoryUsedMB: outcome.maxMemoryUsedMB,
        initDurationMs: outcome.initDurationMs,
      };
    } finally {
      this.inFlight.set(config.functionName, (this.inFlight.get(config.functionName) ?? 1) - 1);
      this.totalInFlight--;
      meter.concurrentExecutions--;
    }
  }

  /**
   * Starts an environment for the function ahead of its first invocation, as provisioned
   * concurrency does: it waits in the warm pool, initialising until its runtime asks for work.
   */
  async prewarm(config: FunctionConfig): Promise<void> {
    if (this.closed) return;
    await this.pool.prewarm(config);
  }

  /** The function's code or configuration changed: drop its warm environments (all versions); busy ones go when done. */
  invalidate(functionArn: string): void {
    this.pool.invalidate(functionArn);
  }

  /** Recent log lines of a function, oldest first. */
  logs(functionName: string): LogEntry[] {
    return this.logStore.recent(functionName);
  }

  /** Calls `listener` with each new log line of the function until the returned function is called. */
  followLogs(functionName: string, listener: (entry: LogEntry) => void): () => void {
    return this.logStore.follow(functionName, listener);
  }

  metering(functionName: string): Metering {
    return { ...this.meter(functionName) };
  }

  /** Warm and busy environments, for inspection. */
  environmentCount(functionArn?: string): number {
    if (functionArn === undefined) return this.environments.size;
    const base = unqualified(functionArn);
    return [...this.environments].filter((env) => unqualified(env.config.functionArn) === base).length;
  }

  /** Kills every environment and waits for them to exit. */
  async close(): Promise<void> {
    this.closed = true;
    this.pool.close(new FunctionRuntimeError('ServiceException', 'The function runtime is shutting down.'));
    for (const env of this.environments) env.kill();
    await Promise.all(this.exited.values());
    clearInterval(this.sampler);
    this.sampler = undefined;
    process.off('exit', this.killAllOnExit);
    await this.logStore.close();
  }

  private admit(config: FunctionConfig, meter: Metering): void {
    const running = this.inFlight.get(config.functionName) ?? 0;
    if (config.reservedConcurrency !== undefined && running >= config.reservedConcurrency) {
      meter.throttles++;
      throw new FunctionRuntimeError('TooManyRequestsException', 'Rate Exceeded.', 'ReservedFunctionConcurrentInvocationLimitExceeded');
    }
    if (this.totalInFlight >= this.globalConcurrency) {
      meter.throttles++;
      throw new FunctionRuntimeError('TooManyRequestsException', 'Rate Exceeded.', 'ConcurrentInvocationLimitExceeded');
    }
    this.inFlight.set(config.functionName, running + 1);
    this.totalInFlight++;
    meter.concurrentExecutions++;
    meter.maxConcurrentExecutions = Math.max(meter.maxConcurrentExecutions, meter.concurrentExecutions);
  }

  private async startEnvironment(config: FunctionConfig): Promise<ExecutionEnvironment> {
    const python = runtimeFamily(config.runtime) === 'python' ? await pythonExecutable() : 'python3';
    let env: ExecutionEnvironment;
    try {
      env = await ExecutionEnvironment.start({
        config,
        launch: { serverEnv: this.serverEnv, python },
        log: (entry) => this.logStore.append(entry),
        onExit: (e) => this.forget(e),
      });
    } catch (e) {
      throw new FunctionRuntimeError('ServiceException', `Could not start an execution environment: ${e instanceof Error ? e.message : String(e)}`);
    }
    this.environments.add(env);
    this.exited.set(env, new Promise((resolve) => this.exitWaiters.set(env, resolve)));
    if (!env.alive) this.forget(env);
    if (this.closed) env.kill();
    this.sampler ??= setInterval(() => this.sampleMemory(), this.memorySampleMs).unref();
    return env;
  }

  private forget(env: ExecutionEnvironment): void {
    if (!this.environments.delete(env)) return;
    this.pool.forget(env);
    this.exitWaiters.get(env)?.();
    this.exitWaiters.delete(env);
    this.exited.delete(env);
    if (this.environments.size === 0) {
      clearInterval(this.sampler);
      this.sampler = undefined;
    }
  }

  private sampleMemory(): void {
    for (const env of this.environments) if (env.busy) env.sampleMemory();
  }

  private meter(functionName: string): Metering {
    let meter = this.meters.get(functionName);
    if (!meter) {
      meter = {
        invocations: 0,
        errors: 0,
        throttles: 0,
        timeouts: 0,
        coldStarts: 0,
        durationMs: 0,
        billedDurationMs: 0,
        billedGbSeconds: 0,
        concurrentExecutions: 0,
        maxConcurrentExecutions: 0,
      };
      this.meters.set(functionName, meter);
    }
    return meter;
  }

  private count(meter: Metering, config: FunctionConfig, outcome: InvocationOutcome): void {
    meter.invocations++;
    if (outcome.functionError) meter.errors++;
    if (outcome.timedOut) meter.timeouts++;
    meter.durationMs += outcome.durationMs;
    meter.billedDurationMs += outcome.billedDurationMs;
    meter.billedGbSeconds += gbSeconds(outcome.billedDurationMs, config.memorySize);
  }
}

/** The Invoke API's client context is base64 of a JSON object; the runtime gets the JSON. */
function decodeClientContext(encoded: string): string {
  const text = Buffer.from(encoded, 'base64').toString('utf8');
  try {
    const value: unknown = JSON.parse(text);
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) return text;
  } catch {
    // falls through to the error below
  }
  throw new FunctionRuntimeError('InvalidRequestContentException', 'Client context must be a valid Base64-encoded JSON object.');
}

/** Base64 of the last 4 KB of the invocation's log. */
function tail(lines: string[]): string {
  const bytes = Buffer.from(lines.map((line) => `${line}\n`).join(''), 'utf8');
  return bytes.subarray(Math.max(0, bytes.length - TAIL_BYTES)).toString('base64');
}
