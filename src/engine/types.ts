/**
 * The engine's vocabulary: the snapshot of one execution, the events fed to `step`, and the
 * commands it asks the runner to carry out. Everything here is plain JSON so that a snapshot
 * survives a round trip through a store.
 */
import type { HistoryEvent } from './history.js';

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED' | 'PENDING_REDRIVE';

/** What the runner hands the engine with every step: the engine reads no clock and draws no randomness itself. */
export interface EngineEnv {
  /** Epoch milliseconds. */
  now: number;
  uuid(): string;
  random(): number;
}

export interface ExecutionInfo {
  type: 'STANDARD' | 'EXPRESS';
  executionArn: string;
  name: string;
  stateMachineArn: string;
  stateMachineName: string;
  roleArn: string;
  input: unknown;
  /** Absent for executions that can never be redriven (StartSyncExecution). */
  redriveCount?: number;
}

/** What a blocked frame waits for, keyed in `ExecutionSnapshot.waits` by task or timer id. */
export type Wait =
  | { kind: 'task'; frameId: number; timeoutTimerId?: string; heartbeatTimerId?: string; heartbeatSeconds?: number }
  | { kind: 'wait'; frameId: number }
  | { kind: 'retry'; frameId: number }
  | { kind: 'taskTimeout'; frameId: number; taskId: string }
  | { kind: 'heartbeatTimeout'; frameId: number; taskId: string }
  | { kind: 'executionTimeout' };

/** Parallel branches and Map iterations running under a frame's current state. */
export interface ChildGroup {
  kind: 'parallel' | 'map';
  /** The state's effective input (after InputPath/Parameters) — what branches receive. */
  input: unknown;
  /** Map: the items still to launch, after ItemSelector/ItemBatcher; Parallel: unused. */
  items: unknown[];
  nextIndex: number;
  results: unknown[];
  running: number;
  completed: number;
  failed: number;
  /** 0: no limit (a snapshot is JSON, so no Infinity). */
  maxConcurrency: number;
  toleratedFailureCount: number;
  toleratedFailurePercentage: number;
  /** Exceeding the tolerance fails the Map with States.ExceedToleratedFailureThreshold rather than the iteration's error. */
  thresholdError: boolean;
  /** Frames still running, so a failure can abort them. */
  live: number[];
  mapRunArn?: string;
}

export interface Frame {
  id: number;
  /** The frame running the Parallel or Map state this frame belongs to. */
  parentId?: number;
  /** Branch index or Map iteration index within the parent. */
  index: number;
  /** Location of the (sub-)state machine this frame runs, a key of `CompiledMachine.machines`. */
  machine: string;
  stateName: string;
  /** The current state's raw input. */
  input: unknown;
  enteredTime: string;
  enteredEventId: number;
  lastEventId: number;
  retryCount: number;
  /** Attempts used per retrier of the current state. */
  retrierAttempts: number[];
  variables: Record<string, unknown>;
  /** `$$.Map.Item` for the first state of a Map iteration's context. */
  mapItem?: { Index: number; Value: unknown };
  taskToken?: string;
  children?: ChildGroup;
  /** Part of a Distributed Map's child execution: its history is not the parent's. */
  detached?: boolean;
  /** In a child execution: the id of the child's root frame, which numbers the child's history. */
  childRoot?: number;
  /**
   * The root frame of a Distributed Map iteration, which runs as a child execution: how many
   * events the child's history has. Its name and ARN follow from the Map Run and `index`.
   */
  childEvents?: number;
}

/** Where a redrive starts again: the top-level state that was running when the execution ended. */
export interface RedrivePoint {
  stateName: string;
  input: unknown;
  variables: Record<string, unknown>;
}

export interface ExecutionSnapshot {
  status: ExecutionStatus;
  /** Set when a Standard execution fails, times out or is aborted mid-state. */
  redrivePoint?: RedrivePoint;
  info: ExecutionInfo;
  startTime: string;
  stopTime?: string;
  output?: unknown;
  error?: string;
  cause?: string;
  frames: Record<number, Frame>;
  waits: Record<string, Wait>;
  nextEventId: number;
  nextId: number;
}

export type Command =
  | {
      type: 'ScheduleTask';
      taskId: string;
      resource: string;
      input: unknown;
      stateName: string;
      retryCount: number;
      taskToken?: string;
      timeoutSeconds?: number;
      heartbeatSeconds?: number;
    }
  | { type: 'CancelTask'; taskId: string }
  /** `purpose`: what the timer is for — a runner that skips waits skips `wait` and `retry` timers, never timeouts. */
  | { type: 'StartTimer'; timerId: string; fireAt: number; purpose: Wait['kind'] }
  | { type: 'CancelTimer'; timerId: string };

export type EngineEvent =
  /** A worker took an activity task (GetActivityTask). */
  | { type: 'TaskStarted'; taskId: string; workerName?: string }
  | { type: 'TaskSucceeded'; taskId: string; output: unknown }
  | { type: 'TaskFailed'; taskId: string; error: string; cause: string }
  | { type: 'TaskHeartbeat'; taskId: string }
  | { type: 'TimerFired'; timerId: string }
  | { type: 'StopExecution'; error?: string; cause?: string }
  /** UpdateMapRun: new limits for a running Distributed Map. */
  | { type: 'UpdateMapRun'; mapRunArn: string; maxConcurrency?: number; toleratedFailureCount?: number; toleratedFailurePercentage?: number };

/**
 * A Distributed Map iteration's child execution as one step changed it: the runner keeps it as an
 * execution of its own, committed with the parent's step.
 */
export interface ChildExecutionChange {
  executionArn: string;
  /** Set by the step that started it. */
  started?: {
    name: string;
    mapRunArn: string;
    /** The Map Run's state machine: `…:stateMachine:<name>/<label>`. */
    stateMachineArn: string;
    input: unknown;
    startTime: string;
  };
  /** Set by the step that ended it. */
  ended?: { status: 'SUCCEEDED' | 'FAILED' | 'ABORTED'; stopTime: string; output?: unknown; error?: string; cause?: string };
  /** Its own history's new events, numbered from its ExecutionStarted. */
  events: HistoryEvent[];
}

export interface StepResult {
  snapshot: ExecutionSnapshot;
  events: HistoryEvent[];
  commands: Command[];
  /** Child executions this step started, advanced or ended (absent when none). */
  children?: ChildExecutionChange[];
}

export function assertNever(x: never): never {
  throw new Error(`unexpected ${JSON.stringify(x)}`);
}
