/**
 * Runs one execution in-process: carries out the engine's commands (tasks through a `TaskInvoker`,
 * timers on a clock) and feeds their outcomes back as events until the execution ends. With
 * `skipWaits` the clock jumps to the next timer whenever nothing else is pending, so Waits and
 * retry backoffs cost no real time yet keep their order and their timestamps.
 */
import { randomUUID } from 'node:crypto';
import type { CompiledMachine } from '../asl/compile.js';
import { startExecution, step } from '../engine/interpreter.js';
import type { HistoryEvent } from '../engine/history.js';
import type { Command, EngineEnv, EngineEvent, ExecutionInfo, ExecutionStatus } from '../engine/types.js';
import { localInvoker, type TaskInvoker, type TaskOutcome } from '../integrations/local-invoker.js';
import type { MockTestCase } from '../integrations/mock-config.js';
import type { TaskHandlers } from '../integrations/task-handler.js';

export interface Clock {
  now(): number;
}

export interface RunOptions {
  input?: unknown;
  /** Execution name; a UUID when absent. */
  name?: string;
  stateMachineName?: string;
  type?: 'STANDARD' | 'EXPRESS';
  /** The execution's ARN when the caller has made it (a service); made from the names otherwise. */
  executionArn?: string;
  /** `$$.Execution.RoleArn`. */
  roleArn?: string;
  /** Started as StartSyncExecution does: never redrivable. */
  sync?: boolean;
  redriveCount?: number;
  region?: string;
  account?: string;
  handlers?: TaskHandlers;
  mock?: MockTestCase;
  /** Overrides handlers and mocks: how Task states are carried out. */
  invoker?: TaskInvoker;
  skipWaits?: boolean;
  /** Each history event as it happens. */
  onEvent?: (event: HistoryEvent) => void;
  /** Keep the history in the result (default true). */
  history?: boolean;
  clock?: Clock;
  uuid?: () => string;
  random?: () => number;
}

export interface ExecutionResult {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  status: Exclude<ExecutionStatus, 'RUNNING' | 'PENDING_REDRIVE'>;
  output?: unknown;
  error?: string;
  cause?: string;
  startDate: string;
  stopDate: string;
  history: HistoryEvent[];
}

interface Timer {
  id: string;
  fireAt: number;
}

const systemClock: Clock = { now: () => Date.now() };

export async function runExecution(machine: CompiledMachine, options: RunOptions = {}): Promise<ExecutionResult> {
  return new LocalExecution(machine, options).run();
}

/** One execution's loop. A class rather than closures: executions are many and short. */
class LocalExecution {
  private readonly clock: Clock;
  private readonly invoke: TaskInvoker;
  private readonly env: EngineEnv;
  private readonly info: ExecutionInfo;
  private readonly history: HistoryEvent[] = [];
  private readonly inbox: EngineEvent[] = [];
  /** Virtual timers (skipWaits) and real ones, made on first use. */
  private timers: Map<string, Timer> | undefined;
  private realTimers: Map<string, NodeJS.Timeout> | undefined;
  private cancelledTasks: Set<string> | undefined;
  private inFlight = 0;
  /** The latest task's completion while it runs: with only it in flight the loop awaits it directly. */
  private lastTask: { taskId: string; done: Promise<void> } | undefined;
  private skipped = 0;
  private wake: (() => void) | undefined;

  constructor(
    private readonly machine: CompiledMachine,
    private readonly options: RunOptions,
  ) {
    const region = options.region ?? 'us-east-1';
    const account = options.account ?? '123456789012';
    const machineName = options.stateMachineName ?? machine.name ?? 'local';
    const uuid = options.uuid ?? randomUUID;
    const name = options.name ?? uuid();
    const type = options.type ?? 'STANDARD';
    const arnPrefix = `arn:aws:states:${region}:${account}:`;
    this.clock = options.clock ?? systemClock;
    this.invoke = options.invoker ?? localInvoker(options.handlers, options.mock);
    // One env for the whole run, its clock advanced before every step.
    this.env = { now: 0, uuid, random: options.random ?? Math.random };
    this.info = {
      type,
      executionArn:
        options.executionArn ??
        (type === 'EXPRESS' ? `${arnPrefix}express:${machineName}:${name}:${uuid()}` : `${arnPrefix}execution:${machineName}:${name}`),
      name,
      stateMachineArn: `${arnPrefix}stateMachine:${machineName}`,
      stateMachineName: machineName,
      roleArn: options.roleArn ?? `arn:aws:iam::${account}:role/stepwise-local`,
      input: options.input ?? {},
      redriveCount: options.sync ? undefined : (options.redriveCount ?? 0),
    };
  }

  async run(): Promise<ExecutionResult> {
    const begun = startExecution(this.machine, this.info, this.tick());
    const started = begun instanceof Promise ? await begun : begun;
    const snapshot = started.snapshot;
    this.apply(started);
    while (snapshot.status === 'RUNNING') {
      const event = this.inbox.shift();
      if (event) {
        const stepped = step(this.machine, snapshot, event, this.tick());
        this.apply(stepped instanceof Promise ? await stepped : stepped);
      } else if (this.inFlight === 0 && !this.realTimers?.size) {
        this.skipToNextTimer();
      } else if (this.inFlight === 1 && !this.realTimers?.size && this.lastTask) {
        await this.lastTask.done;
      } else {
        await new Promise<void>((resolve) => (this.wake = resolve));
        this.wake = undefined;
      }
    }
    for (const t of this.realTimers?.values() ?? []) clearTimeout(t);
    return {
      executionArn: this.info.executionArn,
      stateMachineArn: this.info.stateMachineArn,
      name: this.info.name,
      status: snapshot.status as ExecutionResult['status'],
      output: snapshot.output,
      error: snapshot.error,
      cause: snapshot.cause,
      startDate: snapshot.startTime,
      stopDate: snapshot.stopTime ?? snapshot.startTime,
      history: this.history,
    };
  }

  private now(): number {
    return this.clock.now() + this.skipped;
  }

  private tick(): EngineEnv {
    this.env.now = this.now();
    return this.env;
  }

  /** Nothing is running and only virtual timers are left: jump the clock to the earliest. */
  private skipToNextTimer(): void {
    const next = this.timers && earliest(this.timers);
    if (!next) throw new Error('execution is blocked with nothing pending (engine bug)');
    this.timers!.delete(next.id);
    this.skipped += Math.max(0, next.fireAt - this.now());
    this.inbox.push({ type: 'TimerFired', timerId: next.id });
  }

  private deliver(event: EngineEvent): void {
    this.inbox.push(event);
    this.wake?.();
  }

  private apply(result: { events: HistoryEvent[]; commands: Command[] }): void {
    const keep = this.options.history !== false;
    const onEvent = this.options.onEvent;
    for (const e of result.events) {
      if (keep) this.history.push(e);
      onEvent?.(e);
    }
    for (const c of result.commands) this.carryOut(c);
  }

  private carryOut(c: Command): void {
    switch (c.type) {
      case 'ScheduleTask':
        this.inFlight++;
        const done = this.invoke({
          stateName: c.stateName,
          resource: c.resource,
          input: c.input,
          retryCount: c.retryCount,
          taskToken: c.taskToken,
          executionArn: this.info.executionArn,
        }).then(
          (outcome) => this.taskDone(c.taskId, outcome),
          (e: unknown) => this.taskDone(c.taskId, { ok: false, error: 'States.Runtime', cause: String(e) }),
        );
        this.lastTask = { taskId: c.taskId, done };
        return;
      case 'CancelTask':
        (this.cancelledTasks ??= new Set()).add(c.taskId);
        return;
      case 'StartTimer':
        if (this.options.skipWaits) (this.timers ??= new Map()).set(c.timerId, { id: c.timerId, fireAt: c.fireAt });
        else {
          const handle = setTimeout(() => {
            this.realTimers!.delete(c.timerId);
            this.deliver({ type: 'TimerFired', timerId: c.timerId });
          }, Math.max(0, c.fireAt - this.now()));
          (this.realTimers ??= new Map()).set(c.timerId, handle);
        }
        return;
      case 'CancelTimer':
        this.timers?.delete(c.timerId);
        clearTimeout(this.realTimers?.get(c.timerId));
        this.realTimers?.delete(c.timerId);
        return;
    }
  }

  private taskDone(taskId: string, outcome: TaskOutcome): void {
    this.inFlight--;
    if (this.lastTask?.taskId === taskId) this.lastTask = undefined;
    if (this.cancelledTasks?.delete(taskId)) {
      this.wake?.();
      return;
    }
    this.deliver(
      outcome.ok
        ? { type: 'TaskSucceeded', taskId, output: outcome.output }
        : { type: 'TaskFailed', taskId, error: outcome.error, cause: outcome.cause },
    );
  }
}

function earliest(timers: Map<string, Timer>): Timer | undefined {
  let best: Timer | undefined;
  for (const t of timers.values()) if (!best || t.fireAt < best.fireAt) best = t;
  return best;
}
