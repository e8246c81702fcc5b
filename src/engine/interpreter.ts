/**
 * The interpreter: a pure transition over an execution's snapshot.
 *
 *   step(machine, snapshot, event, env) → { snapshot, events, commands }
 *
 * It runs every state it can until each live frame waits on a task or a timer, or the execution
 * ends. It reads no clock and does no I/O: time and randomness arrive in `env`, results of tasks and
 * timers arrive as events, and what must happen next leaves as commands. The snapshot is updated in
 * place (a Map of 10,000 iterations would otherwise be copied at every transition); callers that
 * need the previous snapshot keep a serialized copy, as a store does.
 */
import type { CompiledMachine, CompiledState, ChoiceState, FailState, MapState, ParallelState, PassState, SucceedState, TaskState, WaitState } from '../asl/compile.js';
import { dataLimitCause, StatesError } from '../asl/errors.js';
import { NOT_TRUNCATED, type HistoryEventType } from './history.js';
import { findMatch, retryDelayMs } from './retry-policy.js';
import { scheduledDetails, taskEvents } from './task-events.js';
import type { Chosen, Produced } from './data-flow.js';
import { isoTime, TransitionBase, type Done } from './transition-base.js';
import { planChildren, type ChildOutcome } from './fan-out.js';
import {
  assertNever,
  type EngineEnv,
  type EngineEvent,
  type ExecutionInfo,
  type ExecutionSnapshot,
  type Frame,
  type StepResult,
} from './types.js';

/** A state's name in its history events: `PassStateEntered`, `PassStateExited`… (a Fail state never exits). */
const STATE_EVENTS = Object.fromEntries(
  (['Pass', 'Task', 'Choice', 'Wait', 'Succeed', 'Fail', 'Parallel', 'Map'] as const).map((t) => [
    t,
    { entered: `${t}StateEntered`, exited: `${t}StateExited` },
  ]),
) as Record<CompiledState['type'], { entered: HistoryEventType; exited: HistoryEventType }>;

/** What a frame does next; `undefined` means it is blocked (or finished) for this step. */
type Action =
  | { kind: 'enter'; stateName: string; input: unknown }
  /** Run the current state (again, after a retry's backoff). */
  | { kind: 'execute' }
  /** The current state's work is done: a task's result, the children's results, a wait that is over. */
  | { kind: 'resume'; result: unknown }
  /** The current state failed: Retry, then Catch, else the frame fails. */
  | { kind: 'error'; error: string; cause?: string }
  | { kind: 'complete'; output: unknown }
  | { kind: 'fail'; error: string; cause?: string };

type Step = Action | undefined | Promise<Action | undefined>;

const EMPTY_DETAILS = Object.freeze({});

export function startExecution(machine: CompiledMachine, info: ExecutionInfo, env: EngineEnv): StepResult | Promise<StepResult> {
  const startTime = isoTime(env.now);
  const snapshot: ExecutionSnapshot = {
    status: 'RUNNING',
    info,
    startTime,
    frames: {},
    waits: {},
    nextEventId: 1,
    nextId: 1,
  };
  const t = new Transition(machine, snapshot, env);
  return t.finished(t.start());
}

/**
 * RedriveExecution: an execution that failed, timed out or was aborted runs again from the state it
 * ended in, with that state's input and the variables it saw; its history goes on where it stopped.
 */
export function redriveExecution(machine: CompiledMachine, snapshot: ExecutionSnapshot, env: EngineEnv): StepResult | Promise<StepResult> {
  const t = new Transition(machine, snapshot, env);
  return t.finished(t.redrive());
}

export function step(machine: CompiledMachine, snapshot: ExecutionSnapshot, event: EngineEvent, env: EngineEnv): StepResult | Promise<StepResult> {
  const t = new Transition(machine, snapshot, env);
  return t.finished(snapshot.status === 'RUNNING' ? t.handle(event) : undefined);
}

function dataLimitExceeded(state: CompiledState): [string, string] {
  return ['States.DataLimitExceeded', dataLimitCause(state.name)];
}

/** Integrations that hand the task a token (`$$.Task.Token`): callbacks, and the ones AWS waits on. */
const TOKEN_RESOURCE = /\.(waitForTaskToken|sync(:2)?)$/;

class Transition extends TransitionBase {
  /** Parents whose children are being launched right now, so a child finishing inside the launch loop doesn't re-enter it. */
  private readonly pumping: number[] = [];

  // ---- entry points ------------------------------------------------------------------------

  start(): Done {
    const { info } = this.snap;
    this.emit(undefined, 'ExecutionStarted', {
      input: info.input,
      inputDetails: NOT_TRUNCATED,
      roleArn: info.roleArn,
    });
    if (this.machine.timeoutSeconds !== undefined) {
      const timerId = this.newId('t');
      this.snap.waits[timerId] = { kind: 'executionTimeout' };
      this.commands.push({ type: 'StartTimer', timerId, fireAt: this.env.now + this.machine.timeoutSeconds * 1000, purpose: 'executionTimeout' });
    }
    const root = this.newFrame(undefined, 0, '', {});
    root.lastEventId = 0;
    return this.run(root, { kind: 'enter', stateName: this.machine.startAt, input: info.input });
  }

  redrive(): Done {
    const point = this.snap.redrivePoint;
    if (!point) throw new Error('the execution has no state to redrive from');
    const redriveCount = (this.snap.info.redriveCount ?? 0) + 1;
    this.snap.info.redriveCount = redriveCount;
    this.snap.status = 'RUNNING';
    this.snap.redrivePoint = undefined;
    this.snap.output = this.snap.error = this.snap.cause = this.snap.stopTime = undefined;
    this.emit(undefined, 'ExecutionRedriven', { redriveCount });
    const root = this.newFrame(undefined, 0, '', point.variables);
    root.lastEventId = this.snap.nextEventId - 1;
    return this.run(root, { kind: 'enter', stateName: point.stateName, input: point.input });
  }

  handle(event: EngineEvent): Done {
    switch (event.type) {
      case 'TaskSucceeded':
      case 'TaskFailed':
        return this.onTaskOutcome(event);
      case 'TaskStarted':
        return this.onTaskStarted(event.taskId, event.workerName);
      case 'TaskHeartbeat':
        return this.onHeartbeat(event.taskId);
      case 'TimerFired':
        return this.onTimer(event.timerId);
      case 'StopExecution':
        this.emit(undefined, 'ExecutionAborted', { error: event.error, cause: event.cause });
        this.finish('ABORTED', { error: event.error, cause: event.cause });
        return;
      case 'UpdateMapRun':
        return this.onUpdateMapRun(event);
      default:
        assertNever(event);
    }
  }

  private onTaskOutcome(event: Extract<EngineEvent, { type: 'TaskSucceeded' | 'TaskFailed' }>): Done {
    const wait = this.snap.waits[event.taskId];
    if (!wait || wait.kind !== 'task') return; // late result of a task that timed out or was aborted
    delete this.snap.waits[event.taskId];
    this.cancelTaskTimers(wait);
    const frame = this.snap.frames[wait.frameId];
    const state = this.stateOf(frame) as TaskState;
    const events = taskEvents(state.resource);
    if (event.type === 'TaskSucceeded') {
      const details: Record<string, unknown> = { output: event.output, outputDetails: NOT_TRUNCATED };
      if (events.family === 'Task') Object.assign(details, events.fields);
      this.emit(frame, events.type.Succeeded, details, events.key.Succeeded);
      return this.run(frame, { kind: 'resume', result: event.output });
    } else {
      const details: Record<string, unknown> = { error: event.error, cause: event.cause };
      if (events.family === 'Task') Object.assign(details, events.fields);
      this.emit(frame, events.type.Failed, details, events.key.Failed);
      return this.run(frame, { kind: 'error', error: event.error, cause: event.cause });
    }
  }

  private async onUpdateMapRun(event: Extract<EngineEvent, { type: 'UpdateMapRun' }>): Promise<void> {
    const parent = Object.values(this.snap.frames).find((f) => f.children?.mapRunArn === event.mapRunArn);
    const group = parent?.children;
    if (!parent || !group) return;
    if (event.maxConcurrency !== undefined) group.maxConcurrency = event.maxConcurrency;
    if (event.toleratedFailureCount !== undefined) group.toleratedFailureCount = event.toleratedFailureCount;
    if (event.toleratedFailurePercentage !== undefined) group.toleratedFailurePercentage = event.toleratedFailurePercentage;
    // A higher concurrency launches waiting iterations now.
    if (!this.pumping.includes(parent.id)) await this.run(parent, await this.pump(parent, this.stateOf(parent) as MapState));
  }

  private onTaskStarted(taskId: string, workerName: string | undefined): void {
    const wait = this.snap.waits[taskId];
    if (!wait || wait.kind !== 'task') return;
    const frame = this.snap.frames[wait.frameId];
    const events = taskEvents((this.stateOf(frame) as TaskState).resource);
    this.emit(frame, events.type.Started, workerName === undefined ? {} : { workerName }, events.key.Started);
  }

  private onHeartbeat(taskId: string): void {
    const wait = this.snap.waits[taskId];
    if (!wait || wait.kind !== 'task' || !wait.heartbeatTimerId || wait.heartbeatSeconds === undefined) return;
    this.cancelTimer(wait.heartbeatTimerId);
    wait.heartbeatTimerId = this.startTimer({ kind: 'heartbeatTimeout', frameId: wait.frameId, taskId }, wait.heartbeatSeconds * 1000);
  }

  private onTimer(timerId: string): Done {
    const wait = this.snap.waits[timerId];
    if (!wait) return;
    delete this.snap.waits[timerId];
    switch (wait.kind) {
      case 'executionTimeout':
        this.emit(undefined, 'ExecutionTimedOut', { error: 'States.Timeout' });
        this.finish('TIMED_OUT', { error: 'States.Timeout' });
        return;
      case 'wait':
        return this.run(this.snap.frames[wait.frameId], { kind: 'resume', result: undefined });
      case 'retry':
        return this.run(this.snap.frames[wait.frameId], { kind: 'execute' });
      case 'taskTimeout':
      case 'heartbeatTimeout': {
        const taskWait = this.snap.waits[wait.taskId];
        if (!taskWait || taskWait.kind !== 'task') return;
        delete this.snap.waits[wait.taskId];
        this.cancelTaskTimers(taskWait);
        this.commands.push({ type: 'CancelTask', taskId: wait.taskId });
        const frame = this.snap.frames[wait.frameId];
        const state = this.stateOf(frame) as TaskState;
        const error = wait.kind === 'taskTimeout' ? 'States.Timeout' : 'States.HeartbeatTimeout';
        // A timeout has no cause: AWS records the error alone.
        this.emit(frame, taskEvents(state.resource).type.TimedOut, { error });
        return this.run(frame, { kind: 'error', error });
      }
      case 'task':
        return; // not a timer
      default:
        assertNever(wait);
    }
  }

  // ---- the frame loop ----------------------------------------------------------------------

  private run(frame: Frame, action: Action | undefined): Done {
    let next = action;
    while (next !== undefined && this.snap.status === 'RUNNING') {
      let pending: Step;
      try {
        switch (next.kind) {
          case 'enter':
            pending = this.enter(frame, next.stateName, next.input);
            break;
          case 'execute':
            pending = this.execute(frame, this.stateOf(frame));
            break;
          case 'resume':
            pending = this.resume(frame, this.stateOf(frame), next.result);
            break;
          case 'error':
            pending = this.handleError(frame, this.stateOf(frame), next.error, next.cause);
            break;
          case 'complete':
            return this.frameSucceeded(frame, next.output);
          case 'fail':
            return this.frameFailed(frame, next.error, next.cause);
          default:
            assertNever(next);
        }
      } catch (e) {
        next = this.evaluationError(frame, e);
        continue;
      }
      // JSONPath states complete synchronously; only JSONata and fan-out go on asynchronously.
      if (pending instanceof Promise) return this.settle(frame, pending);
      next = pending;
    }
  }

  private async settle(frame: Frame, pending: Promise<Action | undefined>): Promise<void> {
    let next: Action | undefined;
    try {
      next = await pending;
    } catch (e) {
      next = this.evaluationError(frame, e);
    }
    await this.run(frame, next);
  }

  /** A state's fields failed to evaluate: the state fails, through its Retry and Catch. */
  private evaluationError(frame: Frame, e: unknown): Action {
    const failure = this.stateFailure(frame, e);
    if (failure.error === 'States.QueryEvaluationError') this.evaluationFailed(frame, e as StatesError, failure.cause);
    return { kind: 'error', ...failure };
  }

  /** AWS records a failed JSONata evaluation, with the field it failed in, before the state fails. */
  private evaluationFailed(frame: Frame, e: StatesError, cause: string): void {
    const details: Record<string, unknown> = { cause, error: e.error };
    const location = (e as { location?: string }).location;
    if (location) details.location = location;
    details.state = frame.stateName;
    this.emit(frame, 'EvaluationFailed', details);
  }

  /** An error raised while evaluating a state's fields, with AWS's prefix naming the state. */
  private stateFailure(frame: Frame, e: unknown): { error: string; cause: string } {
    if (!(e instanceof StatesError)) throw e;
    return {
      error: e.error,
      cause: `An error occurred while executing the state '${frame.stateName}' (entered at the event id #${frame.enteredEventId}). ${e.cause}`,
    };
  }

  private enter(frame: Frame, stateName: string, input: unknown): Step {
    const state = this.machineOf(frame).states.get(stateName);
    if (!state) {
      return { kind: 'fail', error: 'States.Runtime', cause: `State '${stateName}' does not exist in the state machine.` };
    }
    frame.stateName = stateName;
    frame.input = input;
    frame.retryCount = 0;
    frame.retrierAttempts = [];
    frame.taskToken = undefined;
    frame.enteredTime = this.timestamp;
    frame.enteredEventId = this.emit(frame, STATE_EVENTS[state.type].entered, { input, inputDetails: NOT_TRUNCATED, name: stateName }, 'stateEnteredEventDetails');
    return this.execute(frame, state);
  }

  private execute(frame: Frame, state: CompiledState): Step {
    switch (state.type) {
      case 'Pass':
        return this.pass(frame, state);
      case 'Task':
        return this.task(frame, state);
      case 'Choice':
        return this.choice(frame, state);
      case 'Wait':
        return this.wait(frame, state);
      case 'Succeed':
        return this.passThrough(frame, state);
      case 'Fail':
        return this.fail(frame, state);
      case 'Parallel':
      case 'Map':
        return this.fanOut(frame, state);
      default:
        return assertNever(state);
    }
  }

  private resume(frame: Frame, state: CompiledState, result: unknown): Step {
    switch (state.type) {
      case 'Task':
        return this.taskSucceeded(frame, state, result);
      case 'Wait':
        return this.passThrough(frame, state);
      case 'Parallel':
      case 'Map':
        return this.exitWith(frame, state, this.flow.resultOutput(state, this.scope(frame, state, frame.input), result));
      default:
        throw new Error(`a ${state.type} state has no work to resume`);
    }
  }

  // ---- states ------------------------------------------------------------------------------

  private pass(frame: Frame, state: PassState): Step {
    if (state.resultTooLarge) return this.handleError(frame, state, ...dataLimitExceeded(state));
    return this.exitWith(frame, state, this.flow.passResult(state, this.scope(frame, state, frame.input)));
  }

  private task(frame: Frame, state: TaskState): Step {
    if (TOKEN_RESOURCE.test(state.resource) && frame.taskToken === undefined) frame.taskToken = this.env.uuid();
    const scope = this.scope(frame, state, frame.input);
    const input = this.flow.taskInput(state, scope);
    const timeout = this.flow.number(state.timeoutSeconds, scope);
    const heartbeat = this.flow.number(state.heartbeatSeconds, scope);
    if (input instanceof Promise || timeout instanceof Promise || heartbeat instanceof Promise) {
      return Promise.all([input, timeout, heartbeat]).then(([i, t, h]) => this.schedule(frame, state, i, t, h));
    }
    return this.schedule(frame, state, input, timeout, heartbeat);
  }

  private schedule(frame: Frame, state: TaskState, input: unknown, timeoutSeconds: number | undefined, heartbeatSeconds: number | undefined): undefined {
    const taskId = this.newId('k');
    const events = taskEvents(state.resource);
    this.emit(
      frame,
      events.type.Scheduled,
      scheduledDetails(events, state.resource, input, this.region(), timeoutSeconds, heartbeatSeconds),
      events.key.Scheduled,
    );
    // An activity starts when a worker takes it (GetActivityTask), not when it is scheduled.
    if (events.family !== 'Activity') {
      this.emit(frame, events.type.Started, events.family === 'Task' ? events.fields : EMPTY_DETAILS, events.key.Started);
    }
    this.snap.waits[taskId] = {
      kind: 'task',
      frameId: frame.id,
      timeoutTimerId:
        timeoutSeconds === undefined ? undefined : this.startTimer({ kind: 'taskTimeout', frameId: frame.id, taskId }, timeoutSeconds * 1000),
      heartbeatTimerId:
        heartbeatSeconds === undefined ? undefined : this.startTimer({ kind: 'heartbeatTimeout', frameId: frame.id, taskId }, heartbeatSeconds * 1000),
      heartbeatSeconds,
    };
    this.commands.push({
      type: 'ScheduleTask',
      taskId,
      resource: state.resource,
      input,
      stateName: state.name,
      retryCount: frame.retryCount,
      taskToken: frame.taskToken,
      timeoutSeconds,
      heartbeatSeconds,
    });
    return undefined;
  }

  private taskSucceeded(frame: Frame, state: TaskState, result: unknown): Step {
    return this.exitWith(frame, state, this.flow.resultOutput(state, this.scope(frame, state, frame.input), result));
  }

  private choice(frame: Frame, state: ChoiceState): Step {
    const picked = this.flow.choose(state, this.scope(frame, state, frame.input));
    return picked instanceof Promise ? picked.then((p) => this.chosen(frame, state, p)) : this.chosen(frame, state, picked);
  }

  private chosen(frame: Frame, state: ChoiceState, picked: Chosen | undefined): Action {
    if (!picked) throw new StatesError('States.NoChoiceMatched', `No Matches!`);
    if (picked.assigned) frame.variables = { ...frame.variables, ...picked.assigned };
    this.emitExited(frame, state, picked.output, picked.assigned);
    return { kind: 'enter', stateName: picked.next, input: picked.output };
  }

  private async wait(frame: Frame, state: WaitState): Promise<Action | undefined> {
    const scope = this.scope(frame, state, frame.input);
    const fireAt = await this.flow.waitUntil(state, scope, this.env.now);
    this.startTimer({ kind: 'wait', frameId: frame.id }, Math.max(0, fireAt - this.env.now));
    return undefined;
  }

  private async fail(frame: Frame, state: FailState): Promise<Action | undefined> {
    const scope = this.scope(frame, state, frame.input);
    const { error, cause } = await this.flow.failure(state, scope);
    return { kind: 'fail', error: error as string, cause: cause as string };
  }

  private async fanOut(frame: Frame, state: ParallelState | MapState): Promise<Action | undefined> {
    const scope = this.scope(frame, state, frame.input);
    const plan = await planChildren(
      state,
      scope,
      this.flow,
      (mapItem) => this.scope(frame, state, frame.input, mapItem),
      (length) => {
        if (state.type === 'Parallel') this.emit(frame, 'ParallelStateStarted', undefined);
        else this.emit(frame, 'MapStateStarted', { length });
      },
    );
    if (state.type === 'Map' && state.mode === 'DISTRIBUTED') {
      plan.group.mapRunArn = this.mapRunArn(state);
      this.emit(frame, 'MapRunStarted', { mapRunArn: plan.group.mapRunArn });
    }
    frame.children = plan.group;
    return this.pump(frame, state);
  }

  // ---- children (Parallel branches, Map iterations) ----------------------------------------

  private async pump(parent: Frame, state: ParallelState | MapState): Promise<Action | undefined> {
    const group = parent.children!;
    this.pumping.push(parent.id);
    try {
      while (group.nextIndex < group.items.length && (group.maxConcurrency === 0 || group.running < group.maxConcurrency) && parent.children === group) {
        const index = group.nextIndex++;
        group.running++;
        const sub = state.type === 'Parallel' ? state.branches[index] : state.processor;
        const child = this.newFrame(parent, index, sub.location, { ...parent.variables });
        group.live.push(child.id);
        if (state.type === 'Map' && state.mode === 'DISTRIBUTED') {
          this.startChildExecution(child, group.items[index]);
        } else {
          if (parent.detached) {
            child.detached = true;
            child.childRoot = parent.childEvents !== undefined ? parent.id : parent.childRoot;
          }
          child.lastEventId = parent.lastEventId;
        }
        if (state.type === 'Map' && state.mode === 'INLINE') {
          this.emit(child, 'MapIterationStarted', { index, name: state.name });
        }
        await this.run(child, { kind: 'enter', stateName: sub.startAt, input: group.items[index] });
      }
    } finally {
      this.pumping.splice(this.pumping.lastIndexOf(parent.id), 1);
    }
    if (parent.children !== group || group.running > 0 || group.nextIndex < group.items.length) return undefined;
    parent.children = undefined;
    if (state.type === 'Parallel') this.emit(parent, 'ParallelStateSucceeded', undefined);
    else {
      if (group.mapRunArn) this.emit(parent, 'MapRunSucceeded', undefined);
      this.emit(parent, 'MapStateSucceeded', undefined);
    }
    return { kind: 'resume', result: group.results };
  }

  private async childDone(child: Frame, outcome: ChildOutcome): Promise<void> {
    const parent = this.snap.frames[child.parentId!];
    delete this.snap.frames[child.id];
    const group = parent.children;
    if (!group) return;
    const state = this.stateOf(parent) as ParallelState | MapState;
    group.running--;
    group.live = group.live.filter((id) => id !== child.id);
    const inline = state.type === 'Map' && state.mode === 'INLINE';
    if (outcome.ok) {
      group.results[child.index] = outcome.output;
      group.completed++;
      if (inline) this.emit(child, 'MapIterationSucceeded', { index: child.index, name: state.name });
    } else {
      group.failed++;
      if (inline) this.emit(child, 'MapIterationFailed', { index: child.index, name: state.name });
      const tolerated =
        state.type === 'Map' &&
        (group.failed <= group.toleratedFailureCount ||
          (group.failed * 100) / group.items.length <= group.toleratedFailurePercentage);
      if (!tolerated) {
        const error = group.thresholdError
          ? { error: 'States.ExceedToleratedFailureThreshold', cause: 'The specified tolerated failure threshold was exceeded' }
          : { error: outcome.error, cause: outcome.cause };
        this.abortChildren(parent);
        if (group.mapRunArn) this.emit(parent, 'MapRunFailed', error);
        await this.run(parent, { kind: 'error', ...error });
        return;
      }
      group.results[child.index] = null;
    }
    if (!this.pumping.includes(parent.id)) await this.run(parent, await this.pump(parent, state));
  }

  private abortChildren(parent: Frame): void {
    const group = parent.children;
    if (!group) return;
    // The group goes after its frames: an aborted child execution is named by its Map Run.
    for (const id of group.live) this.abortFrame(id);
    parent.children = undefined;
  }

  private abortFrame(frameId: number): void {
    const frame = this.snap.frames[frameId];
    if (!frame) return;
    if (frame.children) this.abortChildren(frame);
    this.childEnded(frame, 'ABORTED', {});
    for (const [id, wait] of Object.entries(this.snap.waits)) {
      if (wait.kind === 'executionTimeout' || wait.frameId !== frameId) continue;
      delete this.snap.waits[id];
      this.commands.push(wait.kind === 'task' ? { type: 'CancelTask', taskId: id } : { type: 'CancelTimer', timerId: id });
    }
    delete this.snap.frames[frameId];
  }

  // ---- leaving states and frames -----------------------------------------------------------

  /** Wait and Succeed: the input, through InputPath/OutputPath or `Output`, becomes the output. */
  private passThrough(frame: Frame, state: WaitState | SucceedState): Step {
    return this.exitWith(frame, state, this.flow.passThrough(state, this.scope(frame, state, frame.input)));
  }

  private exitWith(frame: Frame, state: CompiledState, produced: Produced | Promise<Produced>): Step {
    return produced instanceof Promise
      ? produced.then((p) => this.exit(frame, state, p.output, p.assigned))
      : this.exit(frame, state, produced.output, produced.assigned);
  }

  private exit(frame: Frame, state: CompiledState, output: unknown, assigned: Record<string, unknown> | undefined): Action {
    if (assigned) frame.variables = { ...frame.variables, ...assigned };
    this.emitExited(frame, state, output, assigned);
    if (state.type === 'Succeed' || state.end) return { kind: 'complete', output };
    return { kind: 'enter', stateName: state.next!, input: output };
  }

  private emitExited(frame: Frame, state: CompiledState, output: unknown, assigned: Record<string, unknown> | undefined): void {
    const details: Record<string, unknown> = { name: state.name, output, outputDetails: NOT_TRUNCATED };
    if (assigned) {
      details.assignedVariables = Object.fromEntries(Object.entries(assigned).map(([k, v]) => [k, JSON.stringify(v)]));
      details.assignedVariablesDetails = NOT_TRUNCATED;
    }
    this.emit(frame, STATE_EVENTS[state.type].exited, details, 'stateExitedEventDetails');
  }

  private async handleError(frame: Frame, state: CompiledState, error: string, cause: string | undefined): Promise<Action | undefined> {
    if (state.type === 'Task' || state.type === 'Parallel' || state.type === 'Map') {
      const r = findMatch(state.retry, error);
      if (r >= 0) {
        const retrier = state.retry[r];
        const attempts = frame.retrierAttempts[r] ?? 0;
        if (attempts < retrier.maxAttempts) {
          frame.retrierAttempts[r] = attempts + 1;
          frame.retryCount++;
          this.startTimer({ kind: 'retry', frameId: frame.id }, retryDelayMs(retrier, attempts, this.env.random));
          return undefined;
        }
      }
      // Retries exhausted (or none): the fan-out state has failed, whether a Catcher takes over or not.
      // (States.Runtime is terminal: AWS fails the execution at once, with no state failure recorded.)
      if (state.type !== 'Task' && error !== 'States.Runtime') {
        this.emit(frame, state.type === 'Parallel' ? 'ParallelStateFailed' : 'MapStateFailed', undefined);
      }
      const c = findMatch(state.catch, error);
      if (c >= 0) {
        const catcher = state.catch[c];
        let caught;
        try {
          const errorOutput = cause === undefined ? { Error: error } : { Error: error, Cause: cause };
          caught = await this.flow.caught(state, catcher, this.scope(frame, state, frame.input), errorOutput);
        } catch (e) {
          // A Catcher that cannot be evaluated fails the state outright; it is not caught again.
          return { kind: 'fail', ...this.stateFailure(frame, e) };
        }
        if (caught.assigned) frame.variables = { ...frame.variables, ...caught.assigned };
        this.emitExited(frame, state, caught.output, caught.assigned);
        return { kind: 'enter', stateName: catcher.next, input: caught.output };
      }
    }
    return { kind: 'fail', error, cause };
  }

  private frameSucceeded(frame: Frame, output: unknown): Done {
    if (frame.parentId === undefined) {
      this.emit(frame, 'ExecutionSucceeded', { output, outputDetails: NOT_TRUNCATED });
      this.finish('SUCCEEDED', { output });
      return;
    }
    this.childEnded(frame, 'SUCCEEDED', { output });
    return this.childDone(frame, { ok: true, output });
  }

  private frameFailed(frame: Frame, error: string, cause: string | undefined): Done {
    if (frame.parentId === undefined) {
      const failure = cause === undefined ? { error } : { error, cause };
      this.emit(frame, 'ExecutionFailed', failure);
      this.finish('FAILED', failure);
      return;
    }
    this.childEnded(frame, 'FAILED', { error, cause });
    return this.childDone(frame, { ok: false, error, cause });
  }

}

