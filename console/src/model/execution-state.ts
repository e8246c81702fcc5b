/**
 * What each state of an execution did, derived from its GetExecutionHistory events alone: every
 * time a state ran (a "run"), where it ran (the top level, a Parallel branch, a Map iteration),
 * its input, output, error, attempts and outcome. Pure: the same events give the same view, so
 * the page can recompute it whenever an event arrives.
 *
 * Which branch or iteration an event belongs to comes from `previousEventId`: the engine chains
 * each frame's events, and the first event of a child frame points at its parent's
 * `ParallelStateStarted` / `MapStateStarted`.
 */
import { parseTimestamp, payloadValue } from './wire.js';

export type StateStatus = 'succeeded' | 'failed' | 'caught' | 'retried' | 'running' | 'aborted' | 'notReached';

export type ExecutionOutcome = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

/** The shape of a GetExecutionHistory event this module reads; timestamps in epoch seconds, ms or ISO text. */
export interface HistoryEventLike {
  id: number;
  previousEventId?: number;
  timestamp: number | string;
  type: string;
  [details: string]: unknown;
}

export interface Attempt {
  start: number;
  end?: number;
  error?: string;
  cause?: string;
}

export interface FrameInfo {
  key: string;
  kind: 'root' | 'branch' | 'iteration';
  /** `Branch 1`, `Iteration 0`. */
  label: string;
  /** Branch index (from 0) or the iteration's `index`. */
  index: number;
  /** The Parallel or Map state that started this frame. */
  owner?: string;
  parent?: FrameInfo;
  runs: StateRun[];
  start: number;
  end?: number;
  status: StateStatus;
}

export interface StateRun {
  key: string;
  name: string;
  /** Task, Pass, Choice, Wait, Succeed, Fail, Parallel or Map. */
  stateType: string;
  frame: FrameInfo;
  start: number;
  end?: number;
  input?: unknown;
  output?: unknown;
  status: StateStatus;
  error?: string;
  cause?: string;
  /** Task: each scheduling; Parallel and Map: each start. More than one means it was retried. */
  attempts: Attempt[];
  retries: number;
  events: HistoryEventLike[];
  /** The branches or iterations this run started. */
  children: FrameInfo[];
}

export interface ExecutionView {
  status: ExecutionOutcome;
  start?: number;
  end?: number;
  input?: unknown;
  output?: unknown;
  error?: string;
  cause?: string;
  root: FrameInfo;
  /** Every run, in the order the states were entered. */
  runs: StateRun[];
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The `…EventDetails` member of an event, whatever its name. */
export function eventDetails(event: HistoryEventLike): Obj | undefined {
  for (const [key, value] of Object.entries(event)) if (key.endsWith('EventDetails') && isObj(value)) return value;
  return undefined;
}

const STATE_EVENT = /^(Pass|Task|Choice|Wait|Succeed|Fail|Parallel|Map)State(Entered|Exited|Aborted)$/;
const ATTEMPT_STARTED = /^(Task|LambdaFunction|Activity)Scheduled$/;
const ATTEMPT_FAILED = /^(Task|LambdaFunction|Activity)(Failed|TimedOut|StartFailed|SubmitFailed|ScheduleFailed)$/;
const ATTEMPT_SUCCEEDED = /^(Task|LambdaFunction|Activity)Succeeded$/;
const EXECUTION_END: Record<string, ExecutionOutcome> = {
  ExecutionSucceeded: 'SUCCEEDED',
  ExecutionFailed: 'FAILED',
  ExecutionTimedOut: 'TIMED_OUT',
  ExecutionAborted: 'ABORTED',
};

interface FrameState {
  info: FrameInfo;
  /** The state running in this frame now. */
  open?: RunState;
  /** The frame whose Parallel or Map state started this one. */
  parentState?: FrameState;
}

interface RunState {
  run: StateRun;
  /** A Parallel/Map attempt failed (ParallelStateFailed / MapStateFailed) after it last started. */
  fanOutFailed: boolean;
  exited: boolean;
  aborted: boolean;
  /** Branches started by each ParallelStateStarted event id, to number them in order when no definition says which is which. */
  branchesByStart: Map<number, number>;
}

/** The index of the Parallel branch (in the definition) that starts at `stateName`. */
function branchIndex(definition: unknown, parallelName: string, stateName: string): number | undefined {
  const found = findState(definition, parallelName);
  if (!found || !Array.isArray(found.Branches)) return undefined;
  const i = found.Branches.findIndex((b) => isObj(b) && b.StartAt === stateName);
  return i >= 0 ? i : undefined;
}

/** A state anywhere in a definition (inside branches and item processors too), by name. */
export function findState(definition: unknown, name: string): Obj | undefined {
  if (!isObj(definition) || !isObj(definition.States)) return undefined;
  for (const [n, state] of Object.entries(definition.States)) {
    if (!isObj(state)) continue;
    if (n === name) return state;
    const nested = [...(Array.isArray(state.Branches) ? state.Branches : []), state.ItemProcessor, state.Iterator];
    for (const machine of nested) {
      const hit = findState(machine, name);
      if (hit) return hit;
    }
  }
  return undefined;
}

export function deriveExecution(events: readonly HistoryEventLike[], options: { definition?: unknown } = {}): ExecutionView {
  const sorted = [...events].sort((a, b) => a.id - b.id);
  const first = sorted[0];
  const rootInfo: FrameInfo = { key: '', kind: 'root', label: 'Execution', index: 0, runs: [], start: first ? parseTimestamp(first.timestamp) : 0, status: 'running' };
  const root: FrameState = { info: rootInfo };
  const view: ExecutionView = { status: 'RUNNING', root: rootInfo, runs: [] };
  const byId = new Map(sorted.map((e) => [e.id, e]));
  const frameOf = new Map<number, FrameState>();
  const frames: FrameState[] = [root];
  const runStates: RunState[] = [];

  for (const event of sorted) {
    const t = parseTimestamp(event.timestamp);
    const details = eventDetails(event) ?? {};
    const prev = event.previousEventId ? byId.get(event.previousEventId) : undefined;
    const prevFrame = (prev && frameOf.get(prev.id)) ?? root;
    let frame = prevFrame;
    const state = STATE_EVENT.exec(event.type);

    if (event.type === 'MapIterationStarted' && prevFrame.open) {
      const owner = prevFrame.open;
      const index = Number(details.index ?? owner.run.children.length);
      frame = newFrame(prevFrame, 'iteration', index, `Iteration ${index}`, `${owner.run.key}@${prev!.id}[${index}]`, t);
      frames.push(frame);
    } else if (state?.[2] === 'Entered' && prev?.type === 'ParallelStateStarted' && prevFrame.open) {
      const owner = prevFrame.open;
      const name = String(details.name);
      const counted = owner.branchesByStart.get(prev.id) ?? 0;
      owner.branchesByStart.set(prev.id, counted + 1);
      const index = branchIndex(options.definition, owner.run.name, name) ?? counted;
      frame = newFrame(prevFrame, 'branch', index, `Branch ${index + 1}`, `${owner.run.key}@${prev.id}:b${index}`, t);
      frames.push(frame);
    }
    frameOf.set(event.id, frame);

    if (state) {
      const [, stateType, phase] = state;
      const name = String(details.name ?? '');
      if (phase === 'Entered') {
        const run: StateRun = {
          key: `${frame.info.key}/${name}#${frame.info.runs.filter((r) => r.name === name).length}`,
          name,
          stateType,
          frame: frame.info,
          start: t,
          input: payloadValue(details.input),
          status: 'running',
          attempts: [],
          retries: 0,
          events: [event],
          children: [],
        };
        const rs: RunState = { run, fanOutFailed: false, exited: false, aborted: false, branchesByStart: new Map() };
        frame.open = rs;
        frame.info.runs.push(run);
        view.runs.push(run);
        runStates.push(rs);
      } else if (frame.open) {
        const rs = frame.open;
        rs.run.events.push(event);
        rs.run.end = t;
        if (phase === 'Exited') {
          rs.exited = true;
          rs.run.output = payloadValue(details.output);
        } else rs.aborted = true;
        frame.open = undefined;
      }
      continue;
    }

    if (event.type in EXECUTION_END) {
      view.status = EXECUTION_END[event.type];
      view.end = t;
      if (details.output !== undefined) view.output = payloadValue(details.output);
      if (details.error !== undefined) view.error = String(details.error);
      if (details.cause !== undefined) view.cause = String(details.cause);
      continue;
    }
    if (event.type === 'ExecutionStarted') {
      view.start = t;
      view.input = payloadValue(details.input);
      continue;
    }
    if (event.type === 'ExecutionRedriven') {
      view.status = 'RUNNING';
      view.end = undefined;
      continue;
    }

    const open = frame.open;
    if (event.type.startsWith('MapIteration')) {
      if (event.type !== 'MapIterationStarted') {
        frame.info.end = t;
        frame.info.status = event.type === 'MapIterationSucceeded' ? 'succeeded' : event.type === 'MapIterationFailed' ? 'failed' : 'aborted';
      }
      const owner = frame.parentState?.open ?? open;
      owner?.run.events.push(event);
      continue;
    }
    if (!open) continue;
    open.run.events.push(event);
    if (ATTEMPT_STARTED.test(event.type) || event.type === 'ParallelStateStarted' || event.type === 'MapStateStarted') {
      open.run.attempts.push({ start: t });
      open.fanOutFailed = false;
    } else if (ATTEMPT_FAILED.test(event.type) || event.type === 'EvaluationFailed' || event.type === 'MapRunFailed') {
      const attempt = lastAttempt(open.run, t);
      attempt.end = t;
      attempt.error = details.error === undefined ? event.type.replace(/^.*?(TimedOut)$/, 'States.Timeout') : String(details.error);
      if (details.cause !== undefined) attempt.cause = String(details.cause);
    } else if (ATTEMPT_SUCCEEDED.test(event.type)) {
      lastAttempt(open.run, t).end = t;
    } else if (event.type === 'ParallelStateFailed' || event.type === 'MapStateFailed') {
      open.fanOutFailed = true;
      lastAttempt(open.run, t).end = t;
    } else if (event.type === 'ParallelStateSucceeded' || event.type === 'MapStateSucceeded') {
      lastAttempt(open.run, t).end = t;
    }
  }

  for (const rs of runStates) settleRun(rs, view, options.definition);
  for (const f of frames) settleFrame(f.info, view);
  rootInfo.end = view.end;
  rootInfo.status = view.status === 'RUNNING' ? 'running' : view.status === 'SUCCEEDED' ? 'succeeded' : view.status === 'ABORTED' ? 'aborted' : 'failed';
  return view;

  function newFrame(parentState: FrameState, kind: 'branch' | 'iteration', index: number, label: string, key: string, start: number): FrameState {
    const owner = parentState.open!;
    const info: FrameInfo = { key, kind, label, index, owner: owner.run.name, parent: parentState.info, runs: [], start, status: 'running' };
    owner.run.children.push(info);
    return { info, parentState };
  }
}

function lastAttempt(run: StateRun, t: number): Attempt {
  if (run.attempts.length === 0) run.attempts.push({ start: t });
  return run.attempts[run.attempts.length - 1];
}

function settleRun(rs: RunState, view: ExecutionView, definition: unknown): void {
  const { run } = rs;
  const last = run.attempts[run.attempts.length - 1];
  run.retries = Math.max(0, run.attempts.length - 1);
  const lastFailed = Boolean(last?.error) || rs.fanOutFailed;
  if (last?.error) {
    run.error = last.error;
    run.cause = last.cause;
  }
  if (rs.exited) {
    if (lastFailed) {
      run.status = 'caught';
      const out = run.output;
      if (!run.error && isObj(out) && typeof out.Error === 'string') {
        run.error = out.Error;
        if (typeof out.Cause === 'string') run.cause = out.Cause;
      }
    } else run.status = run.retries > 0 ? 'retried' : 'succeeded';
    return;
  }
  if (rs.aborted) {
    run.status = 'aborted';
    return;
  }
  if (view.status === 'RUNNING') {
    run.status = 'running';
    return;
  }
  run.end = view.end;
  const atTop = run.frame.kind === 'root';
  if (run.stateType === 'Fail') {
    run.status = 'failed';
    const state = findState(definition, run.name);
    run.error ??= atTop ? view.error : typeof state?.Error === 'string' ? state.Error : undefined;
    run.cause ??= atTop ? view.cause : typeof state?.Cause === 'string' ? state.Cause : undefined;
  } else if (lastFailed || (atTop && view.status !== 'ABORTED')) {
    run.status = 'failed';
    if (atTop && !run.error) {
      run.error = view.error;
      run.cause = view.cause;
    }
  } else run.status = 'aborted';
}

function settleFrame(frame: FrameInfo, view: ExecutionView): void {
  if (frame.kind === 'root') return;
  const statuses = new Set(frame.runs.map((r) => r.status));
  if (frame.kind === 'branch' || frame.status === 'running') {
    frame.status = statuses.has('failed')
      ? 'failed'
      : statuses.has('running')
        ? 'running'
        : statuses.has('aborted') || (view.status !== 'RUNNING' && frame.runs.length === 0)
          ? 'aborted'
          : view.status === 'RUNNING' && frame.kind === 'iteration'
            ? 'running'
            : 'succeeded';
  }
  const ends = frame.runs.map((r) => r.end).filter((e): e is number => e !== undefined);
  frame.end ??= frame.status === 'running' ? undefined : ends.length ? Math.max(...ends) : view.end;
}

// ---- summaries the page draws ------------------------------------------------------------

/** Which iteration of each Map state to look at (by state name); unset = all of them. */
export type IterationSelection = Record<string, number | undefined>;

export interface StateSummary {
  status: StateStatus;
  runs: number;
  retries: number;
  /** The run to show when the state is selected: the latest one that matches the selection. */
  latest: StateRun;
}

/** Worse outcomes show through: one failed iteration colours the state red. */
const PRIORITY: StateStatus[] = ['running', 'failed', 'caught', 'retried', 'aborted', 'succeeded', 'notReached'];

function inSelection(run: StateRun, selection: IterationSelection): boolean {
  for (let f: FrameInfo | undefined = run.frame; f; f = f.parent) {
    if (f.kind === 'iteration' && f.owner !== undefined && selection[f.owner] !== undefined && selection[f.owner] !== f.index) return false;
  }
  return true;
}

/**
 * One status per state name, for colouring the graph. Within one frame the latest run counts (a
 * redriven or looped state shows how it last went); across iterations and branches the worst.
 */
export function stateSummaries(view: ExecutionView, selection: IterationSelection = {}): Map<string, StateSummary> {
  const latestPerFrame = new Map<string, StateRun>();
  const counts = new Map<string, { runs: number; retries: number }>();
  for (const run of view.runs) {
    if (!inSelection(run, selection)) continue;
    latestPerFrame.set(`${run.frame.key}\u0000${run.name}`, run);
    const c = counts.get(run.name) ?? { runs: 0, retries: 0 };
    c.runs++;
    c.retries += run.retries;
    counts.set(run.name, c);
  }
  const out = new Map<string, StateSummary>();
  for (const run of latestPerFrame.values()) {
    const seen = out.get(run.name);
    const c = counts.get(run.name)!;
    if (!seen) {
      out.set(run.name, { status: run.status, runs: c.runs, retries: c.retries, latest: run });
      continue;
    }
    if (PRIORITY.indexOf(run.status) < PRIORITY.indexOf(seen.status)) seen.status = run.status;
    if (run.start >= seen.latest.start) seen.latest = run;
  }
  return out;
}

export interface TimelineRow {
  key: string;
  depth: number;
  label: string;
  kind: 'state' | 'branch' | 'iteration' | 'more';
  status: StateStatus;
  start: number;
  end?: number;
  run?: StateRun;
  frame?: FrameInfo;
}

/**
 * Every run as a row, children under the run that started them. A Map's iterations are one row
 * each (at most `maxIterations`), and only the selected iteration (default the first) opens up.
 */
export function timelineRows(view: ExecutionView, selection: IterationSelection = {}, maxIterations = 100): TimelineRow[] {
  const rows: TimelineRow[] = [];
  const walk = (frame: FrameInfo, depth: number) => {
    for (const run of frame.runs) {
      rows.push({ key: run.key, depth, label: run.name, kind: 'state', status: run.status, start: run.start, end: run.end, run });
      const iterations = run.children.filter((c) => c.kind === 'iteration');
      const chosen = selection[run.name] ?? iterations[0]?.index;
      run.children.forEach((child, i) => {
        if (child.kind === 'iteration' && i >= maxIterations) {
          if (i === maxIterations) {
            const rest = iterations.length - maxIterations;
            rows.push({ key: `${run.key}/more`, depth: depth + 1, label: `… ${rest} more iteration${rest === 1 ? '' : 's'} (pick one above the graph)`, kind: 'more', status: run.status, start: run.start });
          }
          if (child.index !== chosen) return;
        }
        rows.push({ key: child.key, depth: depth + 1, label: child.label, kind: child.kind === 'iteration' ? 'iteration' : 'branch', status: child.status, start: child.start, end: child.end, frame: child });
        if (child.kind === 'branch' || child.index === chosen) walk(child, depth + 2);
      });
    }
  };
  walk(view.root, 0);
  return rows;
}

/** The iterations each Map state ran (the latest run of it), for the iteration picker. */
export function mapIterations(view: ExecutionView): Map<string, FrameInfo[]> {
  const out = new Map<string, FrameInfo[]>();
  for (const run of view.runs) {
    const iterations = run.children.filter((c) => c.kind === 'iteration');
    if (run.stateType === 'Map' && iterations.length) out.set(run.name, iterations);
  }
  return out;
}
