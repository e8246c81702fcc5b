/**
 * One execution environment: a runtime process of one function version and the Runtime API it
 * polls. It runs one invocation at a time, from the moment the event is handed to the runtime's
 * `/next` until the runtime asks for the next event (or dies), and writes Lambda's platform lines.
 * Whatever the handler does — loop forever, eat memory, exit — ends in an outcome here, never a
 * failure of the server.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import {
  exitError,
  invalidEntrypointError,
  outOfMemoryError,
  responseTooLargeError,
  timeoutError,
  timeoutLogLine,
  type LambdaError,
} from './lambda-errors.js';
import { launchSpec, logStreamName, type LaunchContext } from './launch.js';
import { LineSplitter } from './line-splitter.js';
import { MemoryReader } from './memory.js';
import { billedDuration, endLine, initReportLine, reportLine, startLine, type InvocationReport } from './report.js';
import { randomHex } from './random-hex.js';
import { RuntimeApiServer, type NextEvent } from './runtime-api.js';
import type { FunctionConfig, LogEntry } from './types.js';

/** AWS's limit on the INIT phase. */
const INIT_TIMEOUT_MS = 10_000;
/** How long a runtime that reported an init error may take to exit before it is killed. */
const INIT_ERROR_GRACE_MS = 200;
/** After the process exits, how long to wait for the last of its output. */
const OUTPUT_DRAIN_MS = 500;

export interface Invocation {
  requestId: string;
  payload: string;
  /** The client context as JSON text (decoded from the Invoke API's base64). */
  clientContext?: string;
}

export interface InvocationOutcome {
  payload: string;
  functionError: boolean;
  durationMs: number;
  initDurationMs?: number;
  maxMemoryUsedMB: number;
  billedDurationMs: number;
  timedOut: boolean;
  /** This invocation's log lines, START to REPORT. */
  lines: string[];
}

interface Result {
  payload: string;
  functionError: boolean;
  /** Set when the platform (not the handler) failed the invocation: goes into REPORT's Status. */
  platformErrorType?: string;
}

interface Current {
  invocation: Invocation;
  resolve: (outcome: InvocationOutcome) => void;
  deliveredAt?: number;
  result?: Result;
  timer?: NodeJS.Timeout;
  lines: string[];
}

type KillReason = 'timeout' | 'oom' | 'shutdown';

export interface EnvironmentOptions {
  config: FunctionConfig;
  launch: Omit<LaunchContext, 'runtimeApi' | 'logStreamName'>;
  log: (entry: LogEntry) => void;
  onExit: (env: ExecutionEnvironment) => void;
}

export class ExecutionEnvironment {
  readonly config: FunctionConfig;
  readonly logStreamName: string;
  /** Settles when the runtime first asks for work (its init is done) or its process is gone, whichever is first. */
  readonly ready: Promise<void>;
  private readonly markReady: () => void;
  private child?: ChildProcess;
  private memory?: MemoryReader;
  private server?: RuntimeApiServer;
  private readonly startedAt = performance.now();
  private initDurationMs?: number;
  private initReported = false;
  private initError?: Result;
  private spawnError?: NodeJS.ErrnoException;
  private waiting?: (event: NextEvent) => void;
  private current?: Current;
  private killReason?: KillReason;
  private peakKB = 0;
  private dead = false;
  private exit?: { code: number | null; signal: NodeJS.Signals | null };
  private readonly initTimer: NodeJS.Timeout;
  private readonly stdout = new LineSplitter((line) => this.output(line));
  private readonly stderr = new LineSplitter((line) => this.output(line));

  private constructor(private readonly options: EnvironmentOptions) {
    let markReady!: () => void;
    this.ready = new Promise((resolve) => (markReady = resolve));
    this.markReady = markReady;
    this.config = options.config;
    this.logStreamName = logStreamName(options.config.version);
    this.initTimer = setTimeout(() => this.kill('timeout'), INIT_TIMEOUT_MS);
  }

  /** Starts the Runtime API and the runtime process; the environment is initialising until its first `/next`. */
  static async start(options: EnvironmentOptions): Promise<ExecutionEnvironment> {
    const env = new ExecutionEnvironment(options);
    await env.launch();
    return env;
  }

  get busy(): boolean {
    return this.current !== undefined;
  }

  get alive(): boolean {
    return !this.dead;
  }

  /** Runs one invocation; the environment must be idle (or initialising, for the invocation that started it). */
  invoke(invocation: Invocation): Promise<InvocationOutcome> {
    if (this.current || (this.dead && this.initReported)) throw new Error('execution environment is busy or dead');
    return new Promise((resolve) => {
      this.current = { invocation, resolve, lines: [] };
      // A runtime that could not even start (no bootstrap, say) still answers its first invocation.
      if (this.dead) return this.fail(this.current);
      const deliver = this.waiting;
      this.waiting = undefined;
      if (deliver) this.deliver(deliver);
    });
  }

  /** Samples the process's memory; kills it past the function's memory size, as Lambda's cgroup would. */
  sampleMemory(): void {
    if (this.dead) return;
    const reading = this.memory?.read();
    if (!reading) return;
    this.peakKB = Math.max(this.peakKB, reading.peakKB);
    if (reading.rssKB > this.config.memorySize * 1024) this.kill('oom');
  }

  kill(reason: KillReason = 'shutdown'): void {
    if (this.dead) return;
    this.killReason ??= reason;
    if (reason === 'timeout' && this.current) {
      this.platformLog(timeoutLogLine(new Date(), this.current.invocation.requestId, this.config.timeout));
    }
    const pid = this.child?.pid;
    if (pid === undefined) return this.died(null, null);
    try {
      // The runtime runs in its own process group, so whatever it started goes with it.
      process.kill(-pid, 'SIGKILL');
    } catch {
      this.child?.kill('SIGKILL');
    }
  }

  private async launch(): Promise<void> {
    this.server = new RuntimeApiServer({
      next: (deliver) => this.onNext(deliver),
      isCurrent: (id) => this.current?.deliveredAt !== undefined && this.current.invocation.requestId === id && !this.current.result,
      response: (_id, body) => this.record({ payload: body, functionError: false }),
      responseTooLarge: () => this.record({ payload: JSON.stringify(responseTooLargeError()), functionError: true, platformErrorType: 'Function.ResponseSizeTooLarge' }),
      error: (_id, body, errorType) => this.record({ payload: errorPayload(body, errorType), functionError: true }),
      initError: (body, errorType) => this.onInitError(body, errorType),
    });
    const runtimeApi = await this.server.listen();
    const spec = launchSpec(this.config, { ...this.options.launch, runtimeApi, logStreamName: this.logStreamName });
    const child = spawn(spec.command, spec.args, { cwd: spec.cwd, env: spec.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    this.child = child;
    if (child.pid !== undefined) this.memory = new MemoryReader(child.pid);
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => this.stdout.push(chunk));
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => this.stderr.push(chunk));
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (child.pid !== undefined) return;
      this.spawnError = error;
      this.died(null, null);
    });
    let drain: NodeJS.Timeout | undefined;
    child.on('exit', (code, signal) => {
      drain = setTimeout(() => this.died(code, signal), OUTPUT_DRAIN_MS);
    });
    child.on('close', (code, signal) => {
      clearTimeout(drain);
      this.died(code, signal);
    });
  }

  private onNext(deliver: (event: NextEvent) => void): void {
    if (this.initDurationMs === undefined) {
      this.initDurationMs = performance.now() - this.startedAt;
      clearTimeout(this.initTimer);
      this.markReady();
    }
    const current = this.current;
    if (current?.deliveredAt !== undefined) {
      // The runtime is done with the invocation. Its last output was written before this request,
      // so let this turn of the event loop read the pipes before the invocation is closed.
      this.waiting = deliver;
      setImmediate(() => this.complete(current));
    } else if (current) this.deliver(deliver);
    else this.waiting = deliver;
  }

  private deliver(deliver: (event: NextEvent) => void): void {
    const current = this.current!;
    const { requestId, payload, clientContext } = current.invocation;
    current.deliveredAt = performance.now();
    current.timer = setTimeout(() => this.kill('timeout'), this.config.timeout * 1000);
    this.platformLog(startLine(requestId, this.config.version));
    deliver({
      requestId,
      payload,
      clientContext,
      deadlineMs: Date.now() + this.config.timeout * 1000,
      invokedFunctionArn: this.config.functionArn,
      traceId: `Root=1-${Math.floor(Date.now() / 1000).toString(16)}-${randomHex(12)};Sampled=0`,
    });
  }

  private record(result: Result): void {
    if (this.current && !this.current.result) this.current.result = result;
  }

  private onInitError(body: string, errorType: string | undefined): void {
    this.initError = { payload: errorPayload(body, errorType), functionError: true, platformErrorType: errorType ?? 'Runtime.Unknown' };
    setTimeout(() => this.kill('shutdown'), INIT_ERROR_GRACE_MS).unref();
  }

  /** The invocation ended normally: the runtime asked for the next event. */
  private complete(current: Current): void {
    if (this.current !== current || this.dead) return;
    const result = current.result ?? {
      // The runtime asked for more work without answering; RAPID would refuse, the invoke fails.
      payload: JSON.stringify({ errorType: 'Runtime.InvalidResponse', errorMessage: `RequestId: ${current.invocation.requestId} Error: runtime requested the next event without a response` }),
      functionError: true,
      platformErrorType: 'Runtime.InvalidResponse',
    };
    this.finish(current, result, false);
  }

  private died(code: number | null, signal: NodeJS.Signals | null): void {
    if (this.dead) return;
    this.dead = true;
    this.markReady();
    this.exit = { code, signal };
    clearTimeout(this.initTimer);
    this.stdout.flush();
    this.stderr.flush();
    this.server?.close();
    if (this.current) this.fail(this.current);
    this.memory?.close();
    this.options.onExit(this);
  }

  /** Ends the invocation of a runtime that is gone, with the reason it went. */
  private fail(current: Current): void {
    const { requestId } = current.invocation;
    const { code, signal } = this.exit ?? { code: null, signal: null };
    const timedOut = this.killReason === 'timeout';
    let result: Result;
    if (timedOut) result = platformError(timeoutError(requestId, this.config.timeout));
    else if (current.result) result = current.result;
    else if (this.initError) result = this.initError;
    else if (this.spawnError) result = platformError(invalidEntrypointError(requestId, this.options.config.codeDir + '/bootstrap', this.spawnError));
    else if (this.killReason === 'oom') result = platformError(outOfMemoryError(requestId, code, signal));
    else {
      result = platformError(exitError(requestId, code, signal));
      this.platformLog(JSON.parse(result.payload).errorMessage);
      this.platformLog(result.platformErrorType!);
    }
    this.finish(current, result, timedOut);
  }

  private finish(current: Current, result: Result, timedOut: boolean): void {
    clearTimeout(current.timer);
    this.stdout.flush();
    this.stderr.flush();
    this.current = undefined;
    const { requestId } = current.invocation;
    const now = performance.now();
    // An invocation whose runtime never got past init ran for no time of its own.
    const durationMs = current.deliveredAt === undefined ? 0 : now - current.deliveredAt;
    const cold = !this.initReported;
    this.initReported = true;
    const initDurationMs = cold ? (this.initDurationMs ?? now - this.startedAt) : undefined;
    if (cold && this.initError) this.platformLog(initReportLine(initDurationMs!, this.initError.platformErrorType!));
    if (current.deliveredAt === undefined) this.platformLog(startLine(requestId, this.config.version), current);
    const reading = this.dead ? undefined : this.memory?.read();
    this.peakKB = Math.max(this.peakKB, reading?.peakKB ?? 0);
    const maxMemoryUsedMB = Math.min(this.config.memorySize, Math.round(this.peakKB / 1024));
    const report: InvocationReport = {
      requestId,
      durationMs,
      billedDurationMs: billedDuration(durationMs, initDurationMs),
      memorySizeMB: this.config.memorySize,
      maxMemoryUsedMB,
      initDurationMs,
      status: timedOut ? { kind: 'timeout' } : result.platformErrorType ? { kind: 'error', errorType: result.platformErrorType } : undefined,
    };
    this.platformLog(endLine(requestId), current);
    this.platformLog(reportLine(report), current);
    current.resolve({
      payload: result.payload,
      functionError: result.functionError,
      durationMs,
      initDurationMs,
      maxMemoryUsedMB,
      billedDurationMs: report.billedDurationMs,
      timedOut,
      lines: current.lines,
    });
  }

  /** A line of the runtime's own output. */
  private output(line: string): void {
    // V8 aborts when the heap cap (set below the memory size) is reached: Lambda's out-of-memory.
    if (line.includes('JavaScript heap out of memory')) this.killReason ??= 'oom';
    const current = this.current;
    this.append(line, current?.deliveredAt !== undefined ? current : undefined);
  }

  /** A line the platform writes (START, END, REPORT, timeouts), part of the current invocation's log. */
  private platformLog(line: string, current = this.current): void {
    this.append(line, current);
  }

  private append(message: string, current: Current | undefined): void {
    current?.lines.push(message);
    this.options.log({ timestamp: Date.now(), functionName: this.config.functionName, logStreamName: this.logStreamName, message });
  }
}

function platformError(error: LambdaError): Result {
  return { payload: JSON.stringify(error), functionError: true, platformErrorType: error.errorType };
}

/** The error body as the runtime posted it; an empty body gets the header's type, as RAPID fills in. */
function errorPayload(body: string, errorType: string | undefined): string {
  if (body.trim() !== '') return body;
  return JSON.stringify({ errorMessage: '', errorType: errorType ?? 'Unknown' });
}
