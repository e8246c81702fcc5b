/**
 * The durable runner: drives Standard executions through the engine with every transition
 * committed before anything it decided is carried out.
 *
 *   event → engine.step → one transaction { snapshot (version + 1), history events, work items,
 *   task tokens } → then the work items are carried out by whichever node leases them.
 *
 * Timers (Waits, retry backoffs, timeouts) and tasks are work-item rows, never sleeps or promises
 * held in memory, so a crash loses nothing: after a restart the due timers fire and the tasks whose
 * lease lapsed run again (at least once, as AWS Standard promises), while transitions stay exactly
 * once thanks to the snapshot's version check.
 */
import type { CompiledMachine } from '../asl/compile.js';
import { redriveExecution, startExecution, step } from '../engine/interpreter.js';
import type { Command, EngineEnv, EngineEvent, ExecutionInfo, ExecutionSnapshot, StepResult } from '../engine/types.js';
import type { TaskInvoker, TaskOutcome } from '../integrations/local-invoker.js';
import {
  StaleStateError,
  type ExecutionRecord,
  type StepCommit,
  type Store,
  type TaskTokenRecord,
  type WorkItem,
} from '../store/store.js';
import { childCommits } from './child-executions.js';
import { CommitQueue } from './commit-queue.js';
import type { Clock } from './local-runner.js';

export interface DurableRunnerOptions {
  store: Store;
  /** Carries out Task states (local handlers, Lambda functions, service integrations). */
  invoker: TaskInvoker;
  /** The compiled definition an execution runs (callers cache by revision). */
  compile(execution: ExecutionRecord): CompiledMachine;
  clock: Clock;
  uuid(): string;
  /** This node's lease-holder id; keep it across restarts to take back unfinished work at once. */
  owner: string;
  /** How long a node holds a task before another may run it again (default 5 minutes). */
  taskLeaseMs?: number;
  /** The longest the work loop sleeps between polls of the store (default 1 s). */
  pollMs?: number;
  /** Fire timers at once: Waits and backoffs cost no real time. */
  skipWaits?: boolean;
  /** Work items carried out at once by this node (default 256). */
  maxInFlight?: number;
  /** Called once an execution has ended (status-change events, `.sync` parents). */
  onEnded?(execution: ExecutionRecord): void;
  /** Called after every step committed (the console's live view and metrics); must not throw. */
  onCommitted?(commit: StepCommit): void;
}

interface Loaded {
  version: number;
  snapshot: ExecutionSnapshot;
  record: ExecutionRecord;
  machine: CompiledMachine;
}

const ACTIVITY_ARN = /^arn:[^:]+:states:[^:]*:[^:]*:activity:/;
/** A stale step is retried against the fresh state this many times before giving up. */
const STALE_RETRIES = 5;

export class DurableRunner {
  private readonly store: Store;
  private readonly commits: CommitQueue;
  private readonly loaded = new Map<string, Loaded>();
  /** Per-execution chains: one step of an execution at a time on this node. */
  private readonly chains = new Map<string, Promise<unknown>>();
  private readonly waiters = new Map<string, ((record: ExecutionRecord) => void)[]>();
  /** GetActivityTask long polls, woken when a step queues a task for their activity. */
  private readonly activityPolls = new Map<string, Set<() => void>>();
  private readonly taskLeaseMs: number;
  private readonly maxInFlight: number;
  private inFlight = 0;
  /** Tasks this node is carrying out, so that a step cancelling one can abort it. */
  private readonly tasksInFlight = new Map<string, AbortController>();
  private running = false;
  private closing = false;
  private loopDone: Promise<void> | undefined;
  private wakeLoop: (() => void) | undefined;
  private readonly engineEnv: EngineEnv;

  constructor(private readonly options: DurableRunnerOptions) {
    this.store = options.store;
    this.commits = new CommitQueue(options.store);
    this.taskLeaseMs = options.taskLeaseMs ?? 5 * 60_000;
    this.maxInFlight = options.maxInFlight ?? 256;
    this.engineEnv = { now: 0, uuid: options.uuid, random: Math.random };
  }

  // ---- executions ------------------------------------------------------------------------

  /** Commits an execution's first step (ExecutionStarted and all it runs synchronously). */
  async start(record: ExecutionRecord, info: ExecutionInfo): Promise<void> {
    if (!this.running) await this.run();
    await this.serial(record.executionArn, async () => {
      const machine = this.options.compile(record);
      const result = await startExecution(machine, info, this.env());
      await this.commit({ version: 0, snapshot: result.snapshot, record, machine }, result, [], []);
    });
  }

  /**
   * Feeds one event to a running execution and commits the step. `consumed` work items are
   * removed in the same transaction. Resolves false when the execution is no longer running.
   */
  deliver(executionArn: string, event: EngineEvent | undefined, consumed: string[] = [], tokens: TaskTokenRecord[] = []): Promise<boolean> {
    return this.serial(executionArn, async () => {
      for (let attempt = 0; ; attempt++) {
        const current = await this.load(executionArn);
        if (!current) return false;
        try {
          const result = event
            ? await step(current.machine, current.snapshot, event, this.env())
            : { snapshot: current.snapshot, events: [], commands: [] };
          await this.commit(current, result, consumed, tokens);
          return true;
        } catch (e) {
          // The cached snapshot was stepped in place: whatever happened, it can't be trusted now.
          this.loaded.delete(executionArn);
          if (!(e instanceof StaleStateError) || attempt >= STALE_RETRIES) throw e;
        }
      }
    });
  }

  /**
   * RedriveExecution: runs a failed, timed-out or aborted execution again from the state it ended
   * in. Resolves false when it cannot be redriven (it succeeded, or never reached a state).
   */
  redrive(executionArn: string): Promise<boolean> {
    return this.serial(executionArn, async () => {
      const [state, record] = await Promise.all([this.store.getExecutionState(executionArn), this.store.getExecution(executionArn)]);
      if (!state?.snapshot || !record || record.status === 'RUNNING' || record.status === 'SUCCEEDED') return false;
      const snapshot = JSON.parse(state.snapshot) as ExecutionSnapshot;
      if (!snapshot.redrivePoint) return false;
      const machine = this.options.compile(record);
      const result = await redriveExecution(machine, snapshot, this.env());
      await this.commit({ version: state.version, snapshot, record, machine }, result, [], []);
      return true;
    });
  }

  /** UpdateMapRun: new limits for a running Distributed Map of the execution. */
  updateMapRun(executionArn: string, update: Omit<Extract<EngineEvent, { type: 'UpdateMapRun' }>, 'type'>): Promise<boolean> {
    return this.deliver(executionArn, { type: 'UpdateMapRun', ...update });
  }

  stop(executionArn: string, error?: string, cause?: string): Promise<boolean> {
    return this.deliver(executionArn, { type: 'StopExecution', error, cause });
  }

  /** Resolves with the execution's record once it has ended (at once if it already has). */
  async waitFor(executionArn: string): Promise<ExecutionRecord> {
    const record = await this.store.getExecution(executionArn);
    if (record && record.status !== 'RUNNING') return record;
    return new Promise((resolve) => {
      const list = this.waiters.get(executionArn) ?? [];
      list.push(resolve);
      this.waiters.set(executionArn, list);
    });
  }

  // ---- callbacks and activities ----------------------------------------------------------

  /** SendTaskSuccess / SendTaskFailure: the token's task completes; the token is updated in the same step. */
  completeToken(token: TaskTokenRecord, outcome: TaskOutcome): Promise<boolean> {
    const event: EngineEvent = outcome.ok
      ? { type: 'TaskSucceeded', taskId: token.taskId!, output: outcome.output }
      : { type: 'TaskFailed', taskId: token.taskId!, error: outcome.error, cause: outcome.cause };
    const updated: TaskTokenRecord = outcome.ok
      ? { ...token, status: 'SUCCEEDED', output: JSON.stringify(outcome.output) }
      : { ...token, status: 'FAILED', error: outcome.error, cause: outcome.cause };
    return this.deliver(token.executionArn, event, [workId(token.executionArn, token.taskId!)], [updated]);
  }

  heartbeat(token: TaskTokenRecord): Promise<boolean> {
    return this.deliver(token.executionArn, { type: 'TaskHeartbeat', taskId: token.taskId! });
  }

  /** GetActivityTask: hands the oldest waiting task of an activity to a worker, if any. */
  async claimActivityTask(activityArn: string, workerName?: string): Promise<{ taskToken: string; input: string } | undefined> {
    for (;;) {
      const item = await this.store.claimActivityWork(activityArn, this.options.owner, this.now(), this.taskLeaseMs);
      if (!item) return undefined;
      const payload = JSON.parse(item.payload) as ActivityPayload;
      // The worker now holds it: ActivityStarted, and the item leaves the queue, in one step.
      if (await this.deliver(item.executionArn, { type: 'TaskStarted', taskId: payload.command.taskId, workerName }, [item.id])) {
        return { taskToken: payload.token, input: JSON.stringify(payload.command.input) };
      }
    }
  }

  /** Resolves when a task is queued for the activity, or after `ms` (other nodes may queue too). */
  activityWork(activityArn: string, ms: number): Promise<void> {
    return new Promise((resolve) => {
      const polls = this.activityPolls.get(activityArn) ?? new Set<() => void>();
      const done = (): void => {
        clearTimeout(timer);
        polls.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      polls.add(done);
      this.activityPolls.set(activityArn, polls);
    });
  }

  // ---- the work loop ---------------------------------------------------------------------

  /** Starts carrying out due work items (timers, tasks); after a restart this is the recovery. */
  async run(): Promise<void> {
    if (this.running) return;
    this.running = true;
    await this.store.releaseLeases(this.options.owner);
    this.loopDone = this.workLoop();
  }

  /** Closed: long polls (GetActivityTask) must stop asking. */
  get closed(): boolean {
    return this.closing;
  }

  /** Stops the work loop and waits for the items in flight. */
  async close(): Promise<void> {
    this.closing = true;
    this.running = false;
    for (const polls of this.activityPolls.values()) for (const wake of polls) wake();
    this.wakeLoop?.();
    await this.loopDone;
    await Promise.all([...this.chains.values()].map((p) => p.catch(() => {})));
  }

  private async workLoop(): Promise<void> {
    while (this.running) {
      const capacity = this.maxInFlight - this.inFlight;
      const now = this.now();
      const items =
        capacity > 0
          ? await this.store.claimWork({ owner: this.options.owner, now, leaseMs: this.taskLeaseMs, limit: capacity, kinds: ['timer', 'task'] })
          : [];
      this.inFlight += items.length;
      for (const item of items) this.dispatch(item);
      if (items.length > 0 && items.length === capacity) continue;
      const next = capacity > 0 ? await this.store.nextWorkDue(['timer', 'task']) : undefined;
      const pollMs = this.options.pollMs ?? 1000;
      const delay = next === undefined ? pollMs : Math.min(pollMs, Math.max(0, next - this.now()));
      if (delay > 0 || capacity <= 0) await this.sleep(Math.max(delay, 1));
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      // Unref'd: an idle work loop never keeps the process alive on its own.
      const timer = setTimeout(done, ms).unref();
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wakeLoop = done;
    });
  }

  /** Carries out a work item this node holds the lease of, counted in `inFlight` by the caller. */
  private dispatch(item: WorkItem): void {
    void this.carryOut(item)
      .catch((e: unknown) => console.error(`stepwise: work item ${item.id} failed:`, e))
      .finally(() => {
        this.inFlight--;
        this.wakeLoop?.();
      });
  }

  private async carryOut(item: WorkItem): Promise<void> {
    const command = JSON.parse(item.payload) as Command;
    if (command.type === 'StartTimer') {
      await this.deliver(item.executionArn, { type: 'TimerFired', timerId: command.timerId }, [item.id]);
      return;
    }
    if (command.type !== 'ScheduleTask') return;
    const abort = new AbortController();
    this.tasksInFlight.set(item.id, abort);
    let outcome: TaskOutcome;
    try {
      outcome = await this.options.invoker({
        stateName: command.stateName,
        resource: command.resource,
        input: command.input,
        retryCount: command.retryCount,
        taskToken: command.taskToken,
        executionArn: item.executionArn,
        signal: abort.signal,
      });
    } catch (e) {
      outcome = { ok: false, error: 'States.Runtime', cause: e instanceof Error ? e.message : String(e) };
    } finally {
      this.tasksInFlight.delete(item.id);
    }
    // A callback task is done when its token comes back, not when the message is sent.
    if (command.resource.endsWith('.waitForTaskToken') && outcome.ok) {
      await this.deliver(item.executionArn, undefined, [item.id]);
      return;
    }
    const event: EngineEvent = outcome.ok
      ? { type: 'TaskSucceeded', taskId: command.taskId, output: outcome.output }
      : { type: 'TaskFailed', taskId: command.taskId, error: outcome.error, cause: outcome.cause };
    await this.deliver(item.executionArn, event, [item.id]);
  }

  // ---- commits ---------------------------------------------------------------------------

  private async commit(current: Loaded, result: StepResult, consumed: string[], tokens: TaskTokenRecord[]): Promise<void> {
    const snap = result.snapshot;
    const arn = current.record.executionArn;
    const record = recordOf(current.record, snap);
    const ended = snap.status !== 'RUNNING';
    const work = this.workOf(arn, result.commands);
    const mine = this.leaseDue(work.add);
    const commit: StepCommit = {
      execution: record,
      executionChanged: record !== current.record || current.version === 0,
      version: current.version + 1,
      // An execution that may be redriven keeps its snapshot; one that succeeded needs it no more.
      snapshot: ended && !snap.redrivePoint ? null : JSON.stringify(snap),
      events: result.events,
      addWork: work.add,
      removeWork: [...consumed, ...work.remove],
      tokens: [...tokens, ...work.tokens],
      ...(result.children && { children: childCommits(record, result.children) }),
    };
    try {
      await this.commits.commit(commit);
    } catch (e) {
      this.inFlight -= mine.length;
      throw e;
    }
    this.options.onCommitted?.(commit);
    if (ended) {
      this.loaded.delete(arn);
      this.ended(record);
    } else {
      this.loaded.set(arn, { ...current, version: current.version + 1, snapshot: snap, record });
    }
    for (const id of work.remove) this.tasksInFlight.get(id)?.abort();
    for (const item of mine) this.dispatch(item);
    if (work.add.length > mine.length) this.wakeLoop?.();
    for (const w of work.add) if (w.activityArn) for (const wake of this.activityPolls.get(w.activityArn) ?? []) wake();
  }

  /**
   * Leases to this node, as they are written, the new items already due that it has room for, so
   * that they are carried out as soon as the step is durable, without a claim (and its own
   * transaction) in between. A crash before they are done loses nothing: the lease lapses, or is
   * released when the node restarts, as if the item had been claimed.
   */
  private leaseDue(add: WorkItem[]): WorkItem[] {
    const mine: WorkItem[] = [];
    if (!this.running) return mine;
    const now = this.engineEnv.now;
    for (let i = 0; i < add.length && this.inFlight < this.maxInFlight; i++) {
      const w = add[i];
      if (w.kind === 'activity' || w.dueAt > now) continue;
      add[i] = { ...w, leaseOwner: this.options.owner, leaseUntil: now + this.taskLeaseMs, attempts: 1 };
      mine.push(add[i]);
      this.inFlight++;
    }
    return mine;
  }

  /** The engine's commands as work-item rows (and the tokens callbacks will answer with). */
  private workOf(arn: string, commands: Command[]): { add: WorkItem[]; remove: string[]; tokens: TaskTokenRecord[] } {
    const add: WorkItem[] = [];
    const remove: string[] = [];
    const tokens: TaskTokenRecord[] = [];
    const now = this.engineEnv.now;
    for (const c of commands) {
      switch (c.type) {
        case 'StartTimer':
          add.push(item(arn, c.timerId, 'timer', this.options.skipWaits && skippable(c.purpose) ? now : c.fireAt, c));
          break;
        case 'ScheduleTask':
          if (ACTIVITY_ARN.test(c.resource)) {
            const token = this.options.uuid();
            tokens.push({ token, executionArn: arn, taskId: c.taskId, status: 'WAITING' });
            add.push({ ...item(arn, c.taskId, 'activity', now, { command: c, token } satisfies ActivityPayload), activityArn: c.resource });
          } else {
            if (c.taskToken !== undefined) tokens.push({ token: c.taskToken, executionArn: arn, taskId: c.taskId, status: 'WAITING' });
            add.push(item(arn, c.taskId, 'task', now, c));
          }
          break;
        case 'CancelTask':
          remove.push(workId(arn, c.taskId));
          break;
        case 'CancelTimer':
          remove.push(workId(arn, c.timerId));
          break;
      }
    }
    return { add, remove, tokens };
  }

  private ended(record: ExecutionRecord): void {
    const list = this.waiters.get(record.executionArn);
    this.waiters.delete(record.executionArn);
    for (const resolve of list ?? []) resolve(record);
    this.options.onEnded?.(record);
  }

  // ---- plumbing --------------------------------------------------------------------------

  private async load(arn: string): Promise<Loaded | undefined> {
    const cached = this.loaded.get(arn);
    if (cached) return cached;
    const [state, record] = await Promise.all([this.store.getExecutionState(arn), this.store.getExecution(arn)]);
    if (!state?.snapshot || !record || record.status !== 'RUNNING') return undefined;
    const loaded: Loaded = {
      version: state.version,
      snapshot: JSON.parse(state.snapshot) as ExecutionSnapshot,
      record,
      machine: this.options.compile(record),
    };
    this.loaded.set(arn, loaded);
    return loaded;
  }

  private serial<T>(arn: string, work: () => Promise<T>): Promise<T> {
    const previous = this.chains.get(arn) ?? Promise.resolve();
    const next = previous.then(work, work);
    const settled = next.catch(() => {});
    this.chains.set(arn, settled);
    void settled.then(() => {
      if (this.chains.get(arn) === settled) this.chains.delete(arn);
    });
    return next;
  }

  private now(): number {
    return this.options.clock.now();
  }

  private env(): EngineEnv {
    this.engineEnv.now = this.now();
    return this.engineEnv;
  }
}

interface ActivityPayload {
  command: Extract<Command, { type: 'ScheduleTask' }>;
  token: string;
}

/** What skipping waits skips: Wait states and retry backoffs, never a timeout. */
const skippable = (purpose: string): boolean => purpose === 'wait' || purpose === 'retry';

export const workId = (executionArn: string, key: string): string => `${executionArn}|${key}`;

function item(arn: string, key: string, kind: WorkItem['kind'], dueAt: number, payload: unknown): WorkItem {
  return { id: workId(arn, key), executionArn: arn, kind, dueAt, payload: JSON.stringify(payload), attempts: 0 };
}

/** The execution row as of a snapshot: what DescribeExecution and ListExecutions read. */
function recordOf(record: ExecutionRecord, snap: ExecutionSnapshot): ExecutionRecord {
  if (snap.status === 'RUNNING') {
    if (record.status === 'RUNNING') return record;
    // Redriven: running again, its last ending forgotten.
    const { stopDate: _stopDate, output: _output, error: _error, cause: _cause, ...running } = record;
    return { ...running, status: 'RUNNING', redriveCount: snap.info.redriveCount ?? record.redriveCount };
  }
  const ended: ExecutionRecord = { ...record, status: snap.status === 'PENDING_REDRIVE' ? 'FAILED' : snap.status, stopDate: new Date(snap.stopTime ?? Date.now()) };
  if (snap.status === 'SUCCEEDED') ended.output = JSON.stringify(snap.output ?? null);
  if (snap.error !== undefined) ended.error = snap.error;
  if (snap.cause !== undefined) ended.cause = snap.cause;
  return ended;
}

