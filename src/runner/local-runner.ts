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
import type { Command, EngineEnv, EngineEvent, ExecutionSnapshot, ExecutionStatus } from '../engine/types.js';
import { localInvoker, type TaskInvoker } from '../integrations/local-invoker.js';
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
  const region = options.region ?? 'us-east-1';
  const account = options.account ?? '123456789012';
  const machineName = options.stateMachineName ?? machine.name ?? 'local';
  const uuid = options.uuid ?? randomUUID;
  const name = options.name ?? uuid();
  const stateMachineArn = `arn:aws:states:${region}:${account}:stateMachine:${machineName}`;
  const type = options.type ?? 'STANDARD';
  const executionArn =
    type === 'EXPRESS'
      ? `arn:aws:states:${region}:${account}:express:${machineName}:${name}:${uuid()}`
      : `arn:aws:states:${region}:${account}:execution:${machineName}:${name}`;
  const clock = options.clock ?? systemClock;
  const invoke = options.invoker ?? localInvoker(options.handlers, options.mock);
  const keepHistory = options.history !== false;
  const history: HistoryEvent[] = [];
  let skipped = 0;
  // One env for the whole run, its clock advanced before every step.
  const engineEnv: EngineEnv = { now: 0, uuid, random: options.random ?? Math.random };
  const env = (): EngineEnv => {
    engineEnv.now = clock.now() + skipped;
    return engineEnv;
  };

  const inbox: EngineEvent[] = [];
  const timers = new Map<string, Timer>();
  const realTimers = new Map<string, NodeJS.Timeout>();
  const cancelledTasks = new Set<string>();
  let inFlight = 0;
  let wake: (() => void) | undefined;
  const deliver = (event: EngineEvent): void => {
    inbox.push(event);
    wake?.();
  };

  const apply = (result: { snapshot: ExecutionSnapshot; events: HistoryEvent[]; commands: Command[] }): void => {
    for (const e of result.events) {
      if (keepHistory) history.push(e);
      options.onEvent?.(e);
    }
    for (const c of result.commands) carryOut(c);
  };

  const carryOut = (c: Command): void => {
    switch (c.type) {
      case 'ScheduleTask':
        inFlight++;
        invoke({
          stateName: c.stateName,
          resource: c.resource,
          input: c.input,
          retryCount: c.retryCount,
          taskToken: c.taskToken,
          executionArn,
        }).then(
          (outcome) => {
            inFlight--;
            if (cancelledTasks.delete(c.taskId)) return wake?.();
            deliver(
              outcome.ok
                ? { type: 'TaskSucceeded', taskId: c.taskId, output: outcome.output }
                : { type: 'TaskFailed', taskId: c.taskId, error: outcome.error, cause: outcome.cause },
            );
          },
          (e: unknown) => {
            inFlight--;
            deliver({ type: 'TaskFailed', taskId: c.taskId, error: 'States.Runtime', cause: String(e) });
          },
        );
        return;
      case 'CancelTask':
        cancelledTasks.add(c.taskId);
        return;
      case 'StartTimer':
        if (options.skipWaits) timers.set(c.timerId, { id: c.timerId, fireAt: c.fireAt });
        else {
          const delay = Math.max(0, c.fireAt - (clock.now() + skipped));
          realTimers.set(c.timerId, setTimeout(() => {
            realTimers.delete(c.timerId);
            deliver({ type: 'TimerFired', timerId: c.timerId });
          }, delay));
        }
        return;
      case 'CancelTimer':
        timers.delete(c.timerId);
        clearTimeout(realTimers.get(c.timerId));
        realTimers.delete(c.timerId);
        return;
    }
  };

  const info = { type, executionArn, name, stateMachineArn, stateMachineName: machineName, roleArn: `arn:aws:iam::${account}:role/stepwise-local`, input: options.input ?? {}, redriveCount: options.sync ? undefined : (options.redriveCount ?? 0) };
  const started = await startExecution(machine, info, env());
  const snapshot = started.snapshot;
  apply(started);

  while (snapshot.status === 'RUNNING') {
    const event = inbox.shift();
    if (event) {
      apply(await step(machine, snapshot, event, env()));
      continue;
    }
    if (inFlight === 0 && realTimers.size === 0) {
      const next = earliest(timers);
      if (!next) throw new Error('execution is blocked with nothing pending (engine bug)');
      timers.delete(next.id);
      skipped += Math.max(0, next.fireAt - (clock.now() + skipped));
      inbox.push({ type: 'TimerFired', timerId: next.id });
      continue;
    }
    await new Promise<void>((resolve) => (wake = resolve));
    wake = undefined;
  }
  for (const t of realTimers.values()) clearTimeout(t);

  return {
    executionArn,
    stateMachineArn,
    name,
    status: snapshot.status as ExecutionResult['status'],
    output: snapshot.output,
    error: snapshot.error,
    cause: snapshot.cause,
    startDate: snapshot.startTime,
    stopDate: snapshot.stopTime ?? snapshot.startTime,
    history,
  };
}

function earliest(timers: Map<string, Timer>): Timer | undefined {
  let best: Timer | undefined;
  for (const t of timers.values()) if (!best || t.fireAt < best.fireAt) best = t;
  return best;
}
