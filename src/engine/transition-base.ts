/**
 * What every transition works with, whatever the states do: the history it appends to, the
 * commands it gives, frames, timers, scopes, and how an execution ends. The state logic is in
 * `interpreter.ts`, which extends this.
 */
import type { CompiledMachine, CompiledState, CompiledStateMachine, MapState } from '../asl/compile.js';
import type { Scope } from '../asl/scope.js';
import { executionContext } from './context-object.js';
import { DataFlow } from './data-flow.js';
import { detailsKey, HISTORY_EVENT_LIMIT, NOT_TRUNCATED, HISTORY_LIMIT_CAUSE, HISTORY_LIMIT_ERROR, type HistoryEvent, type HistoryEventType } from './history.js';
import { childExecutionName } from './child-names.js';
import { StateScope } from './state-scope.js';
import type { ChildExecutionChange, Command, EngineEnv, ExecutionSnapshot, Frame, StepResult } from './types.js';

/**
 * Work that finished, or is finishing: JSONPath states run synchronously, so a step that meets
 * no JSONata expression and no fan-out allocates no promise at all.
 */
export type Done = void | Promise<void>;

let lastArn = '';
let lastRegion = '';
/** Steps of one execution ask with the same ARN string, so one remembered answer serves them. */
function regionOf(arn: string): string {
  if (arn !== lastArn) {
    lastArn = arn;
    lastRegion = arn.split(':', 4)[3] || 'us-east-1';
  }
  return lastRegion;
}

let lastNow = NaN;
let lastIso = '';
/** Many steps fall in the same millisecond; formatting a date is not free. */
export function isoTime(now: number): string {
  if (now !== lastNow) {
    lastNow = now;
    lastIso = new Date(now).toISOString();
  }
  return lastIso;
}

export abstract class TransitionBase {
  readonly events: HistoryEvent[] = [];
  readonly commands: Command[] = [];
  /** Child executions (Distributed Map iterations) this step touched, by root frame. */
  private readonly children = new Map<number, ChildExecutionChange>();
  protected readonly timestamp: string;
  private baseContext: Record<string, unknown> | undefined;
  /** The history reached AWS's limit in this step: the execution failed, and records nothing more. */
  private historyFull = false;
  protected readonly contextBase = (): Record<string, unknown> => (this.baseContext ??= executionContext(this.snap));
  protected readonly flow: DataFlow;

  constructor(
    protected readonly machine: CompiledMachine,
    protected readonly snap: ExecutionSnapshot,
    protected readonly env: EngineEnv,
  ) {
    this.timestamp = isoTime(env.now);
    this.flow = new DataFlow(env);
  }

  finished(done: Done): StepResult | Promise<StepResult> {
    return done instanceof Promise ? done.then(() => this.result()) : this.result();
  }

  private result(): StepResult {
    const result: StepResult = { snapshot: this.snap, events: this.events, commands: this.startedWork() };
    if (this.children.size > 0) result.children = [...this.children.values()];
    return result;
  }

  /**
   * The commands, less the work this step would start only to cancel it (a branch that scheduled
   * a task before a sibling failed the Parallel) or start for an execution that has ended: a
   * runner must never carry out a task that nothing waits for.
   */
  private startedWork(): Command[] {
    const ended = this.snap.status !== 'RUNNING';
    let cancelled: Set<string> | undefined;
    for (const c of this.commands) {
      if (c.type === 'CancelTask') (cancelled ??= new Set()).add(c.taskId);
      else if (c.type === 'CancelTimer') (cancelled ??= new Set()).add(c.timerId);
    }
    if (!ended && !cancelled) return this.commands;
    const dropped = new Set<string>();
    return this.commands.filter((c) => {
      switch (c.type) {
        case 'ScheduleTask':
        case 'StartTimer': {
          const id = c.type === 'ScheduleTask' ? c.taskId : c.timerId;
          if (!ended && !cancelled?.has(id)) return true;
          dropped.add(id);
          return false;
        }
        case 'CancelTask':
          return !dropped.has(c.taskId);
        case 'CancelTimer':
          return !dropped.has(c.timerId);
      }
    });
  }

  protected finish(status: ExecutionSnapshot['status'], result: { output?: unknown; error?: string; cause?: string }): void {
    // The history-limit failure ended the execution in its place.
    if (this.historyFull) return;
    const root = Object.values(this.snap.frames).find((f) => f.parentId === undefined);
    if (status !== 'SUCCEEDED' && root?.stateName) {
      this.snap.redrivePoint = { stateName: root.stateName, input: root.input, variables: root.variables };
    }
    Object.assign(this.snap, result);
    this.snap.status = status;
    this.snap.stopTime = this.timestamp;
    for (const id in this.snap.waits) {
      this.commands.push(this.snap.waits[id].kind === 'task' ? { type: 'CancelTask', taskId: id } : { type: 'CancelTimer', timerId: id });
    }
    this.snap.waits = {};
    // Child executions still running end with their parent, as AWS aborts them.
    for (const id in this.snap.frames) this.childEnded(this.snap.frames[id], 'ABORTED', {});
    this.snap.frames = {};
  }

  // ---- plumbing ----------------------------------------------------------------------------

  protected emit(frame: Frame | undefined, type: HistoryEventType, details: Record<string, unknown> | undefined, key = detailsKey(type)): number {
    if (frame?.detached) return this.emitInChild(frame, type, details, key);
    if (this.historyFull) return this.snap.nextEventId - 1;
    const id = this.snap.nextEventId++;
    if (id >= HISTORY_EVENT_LIMIT && type !== 'ExecutionSucceeded' && this.snap.info.type === 'STANDARD') {
      this.historyLimitReached(id);
      return id;
    }
    const event: HistoryEvent = {
      id,
      previousEventId: frame ? frame.lastEventId : id - 1,
      timestamp: this.timestamp,
      type,
    };
    if (details !== undefined) event[key] = details;
    if (frame) frame.lastEventId = id;
    this.events.push(event);
    return id;
  }

  /** A Distributed Map iteration is a child execution: its events are its own, numbered from its start. */
  private emitInChild(frame: Frame, type: HistoryEventType, details: Record<string, unknown> | undefined, key: string): number {
    const root = frame.childEvents !== undefined ? frame : frame.childRoot === undefined ? undefined : this.snap.frames[frame.childRoot];
    // A frame of a snapshot older than child executions only counts its events.
    if (root?.childEvents === undefined) return ++frame.lastEventId;
    const id = ++root.childEvents;
    const event: HistoryEvent = { id, previousEventId: frame.lastEventId, timestamp: this.timestamp, type };
    if (details !== undefined) event[key] = details;
    frame.lastEventId = id;
    this.childChange(root).events.push(event);
    return id;
  }

  /** The child execution `root` runs, as this step changes it. */
  private childChange(root: Frame): ChildExecutionChange {
    let change = this.children.get(root.id);
    if (!change) this.children.set(root.id, (change = { executionArn: this.childOf(root).executionArn, events: [] }));
    return change;
  }

  /** Who the child execution `root` runs is: its Map (the state of its parent frame), its Map Run and its item's index say. */
  private childOf(root: Frame): { executionArn: string; name: string; mapRunArn: string; stateMachineArn: string } {
    const parent = this.snap.frames[root.parentId!];
    const state = this.stateOf(parent) as MapState;
    const mapRunArn = parent.children!.mapRunArn!;
    const stateMachineArn = `${this.snap.info.stateMachineArn}/${state.label ?? state.name}`;
    const name = childExecutionName(mapRunArn, root.index);
    return { executionArn: `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`, name, mapRunArn, stateMachineArn };
  }

  /** Makes `frame` (a Distributed Map's iteration) the root of a child execution, and starts its history. */
  protected startChildExecution(frame: Frame, input: unknown): void {
    frame.detached = true;
    frame.childEvents = 0;
    frame.lastEventId = 0;
    const { name, mapRunArn, stateMachineArn } = this.childOf(frame);
    this.childChange(frame).started = { name, mapRunArn, stateMachineArn, input, startTime: this.timestamp };
    this.emit(frame, 'ExecutionStarted', { input, inputDetails: NOT_TRUNCATED, roleArn: this.snap.info.roleArn });
  }

  /** A child execution's root frame ended: its history and record say how. */
  protected childEnded(root: Frame, status: 'SUCCEEDED' | 'FAILED' | 'ABORTED', result: { output?: unknown; error?: string; cause?: string }): void {
    if (root.childEvents === undefined) return;
    if (status === 'SUCCEEDED') this.emit(root, 'ExecutionSucceeded', { output: result.output, outputDetails: NOT_TRUNCATED });
    else if (status === 'FAILED') this.emit(root, 'ExecutionFailed', result.cause === undefined ? { error: result.error } : { error: result.error, cause: result.cause });
    else this.emit(root, 'ExecutionAborted', undefined);
    this.childChange(root).ended = { status, stopTime: this.timestamp, ...result };
  }

  /** Event `id` would pass AWS's limit: the execution fails in its place, for good (no redrive). */
  private historyLimitReached(id: number): void {
    const failure = { error: HISTORY_LIMIT_ERROR, cause: HISTORY_LIMIT_CAUSE };
    this.events.push({ id, previousEventId: id - 1, timestamp: this.timestamp, type: 'ExecutionFailed', executionFailedEventDetails: failure });
    this.finish('FAILED', failure);
    this.snap.redrivePoint = undefined;
    this.historyFull = true;
  }

  protected newId(prefix: string): string {
    return `${prefix}${this.snap.nextId++}`;
  }

  protected newFrame(parent: Frame | undefined, index: number, machine: string, variables: Record<string, unknown>): Frame {
    const frame: Frame = {
      id: this.snap.nextId++,
      parentId: parent?.id,
      index,
      machine,
      stateName: '',
      input: undefined,
      enteredTime: this.timestamp,
      enteredEventId: 0,
      lastEventId: 0,
      retryCount: 0,
      retrierAttempts: [],
      variables,
    };
    this.snap.frames[frame.id] = frame;
    return frame;
  }

  protected machineOf(frame: Frame): CompiledStateMachine {
    return this.machine.machines.get(frame.machine)!;
  }

  protected stateOf(frame: Frame): CompiledState {
    return this.machineOf(frame).states.get(frame.stateName)!;
  }

  protected scope(frame: Frame, state: CompiledState, input: unknown, mapItem?: { Index: number; Value: unknown }): Scope {
    return new StateScope(input, frame.variables, this.env, this.contextBase, frame, state, mapItem);
  }

  protected startTimer(wait: ExecutionSnapshot['waits'][string], delayMs: number): string {
    const timerId = this.newId('t');
    this.snap.waits[timerId] = wait;
    this.commands.push({ type: 'StartTimer', timerId, fireAt: this.env.now + delayMs, purpose: wait.kind });
    return timerId;
  }

  protected cancelTimer(timerId: string): void {
    delete this.snap.waits[timerId];
    this.commands.push({ type: 'CancelTimer', timerId });
  }

  protected cancelTaskTimers(wait: { timeoutTimerId?: string; heartbeatTimerId?: string }): void {
    if (wait.timeoutTimerId) this.cancelTimer(wait.timeoutTimerId);
    if (wait.heartbeatTimerId) this.cancelTimer(wait.heartbeatTimerId);
  }

  protected region(): string {
    return regionOf(this.snap.info.stateMachineArn);
  }


  protected mapRunArn(state: MapState): string {
    const { stateMachineArn, name } = this.snap.info;
    const label = state.label ?? state.name;
    return `${stateMachineArn.replace(':stateMachine:', ':mapRun:')}/${label}:${name}-${this.env.uuid().slice(0, 8)}`;
  }
}
