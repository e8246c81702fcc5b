/**
 * The TestState API: runs one state once, in isolation, as AWS does — with a mocked result or
 * error instead of a real call, no waiting (a Wait returns at once, a matching Retrier makes the
 * test RETRIABLE), and the transition that would follow reported as `nextState`.
 *
 * It drives the same pieces the interpreter uses (DataFlow, the Map planner, the retry policy)
 * rather than the interpreter itself: TestState needs a context object of its own shape, seeded
 * variables, a retry counter set from the request, and every intermediate value of the data flow.
 */
import { compileState, type CompiledState, type MapState, type ParallelState, type TaskState } from '../asl/compile.js';
import type { QueryLanguage, RawState, StateType } from '../asl/definition.js';
import { ErrorName, StatesError } from '../asl/errors.js';
import type { Scope } from '../asl/scope.js';
import type { TaskInvoker } from '../integrations/local-invoker.js';
import { DataFlow, type Produced } from './data-flow.js';
import { planChildren } from './fan-out.js';
import { findMatch, retryDelayMs } from './retry-policy.js';
import { ItemReaderDataError, itemReaderItems } from './test-state-item-reader.js';
import { inspectJsonPath, Inspector, type InspectionData, type Stage } from './test-state-inspection.js';
import type { EngineEnv } from './types.js';

export type { InspectionData, ErrorDetails } from './test-state-inspection.js';

export type InspectionLevel = 'INFO' | 'DEBUG' | 'TRACE';
export type TestExecutionStatus = 'SUCCEEDED' | 'FAILED' | 'RETRIABLE' | 'CAUGHT_ERROR';

export interface TestStateMock {
  /** The state's result, as JSON text. */
  result?: string;
  errorOutput?: { error?: string; cause?: string };
  fieldValidationMode?: 'STRICT' | 'PRESENT' | 'NONE';
}

export interface TestStateConfiguration {
  /** Retries already made by the Retrier that matches the error: decides RETRIABLE versus exhausted. */
  retrierRetryCount?: number;
  /** How many Map iterations failed, checked against the Map's tolerated failure threshold. */
  mapIterationFailureCount?: number;
  errorCausedByState?: string;
  mapItemReaderData?: string;
}

/** AWS's `TestStateInput`: JSON values travel as text. */
export interface TestStateRequest {
  /** A single state, or — with `stateName` — a whole state machine (text, or already parsed). */
  definition: string | object;
  stateName?: string;
  input?: string;
  inspectionLevel?: InspectionLevel;
  mock?: TestStateMock;
  variables?: string;
  context?: string;
  stateConfiguration?: TestStateConfiguration;
  roleArn?: string;
  revealSecrets?: boolean;
}

/** AWS's `TestStateOutput`: `output` is JSON text. */
export interface TestStateResponse {
  status: TestExecutionStatus;
  output?: string;
  error?: string;
  cause?: string;
  nextState?: string;
  inspectionData?: InspectionData;
}

export interface TestStateOptions {
  /** Time, ids and random numbers: the engine reads no clock of its own. */
  env: EngineEnv;
  region?: string;
  account?: string;
  /** Carries out an unmocked Task; without one such a Task fails with States.Runtime. */
  invoker?: TaskInvoker;
}

/** A request AWS refuses once the state is known (the API layer maps it to its error type). */
export class TestStateRejected extends Error {
  constructor(
    readonly type: 'ValidationException' | 'InvalidDefinition',
    message: string,
  ) {
    super(message);
    this.name = 'TestStateRejected';
  }
}

export const STATE_NOT_FOUND = 'State not found in definition';

/** AWS names the state under test this way in `$$.State.Name`, whatever its name in the definition. */
const CONTEXT_STATE_NAME = 'StateName';
const TEST_MACHINE_NAME = 'TestStateMachine';

export interface LocatedState {
  name: string;
  raw: RawState;
  /** The query language the state inherits from the (sub-)state machines around it. */
  queryLanguage: QueryLanguage;
}

/** The state under test: the definition itself, or the state called `stateName` anywhere in it (branches and item processors included). */
export function locateState(definition: Record<string, unknown>, stateName?: string): LocatedState | undefined {
  if (stateName === undefined) return { name: CONTEXT_STATE_NAME, raw: definition as RawState, queryLanguage: 'JSONPath' };
  return findIn(definition, stateName, 'JSONPath');
}

function findIn(machine: unknown, name: string, inherited: QueryLanguage): LocatedState | undefined {
  if (!isObject(machine) || !isObject(machine.States)) return undefined;
  const ql = (machine.QueryLanguage as QueryLanguage | undefined) ?? inherited;
  const states = machine.States;
  if (Object.prototype.hasOwnProperty.call(states, name)) return { name, raw: states[name] as RawState, queryLanguage: ql };
  for (const raw of Object.values(states)) {
    if (!isObject(raw)) continue;
    const stateQl = (raw.QueryLanguage as QueryLanguage | undefined) ?? ql;
    const subMachines = raw.Type === 'Parallel' ? raw.Branches : raw.Type === 'Map' ? [raw.ItemProcessor ?? raw.Iterator] : [];
    for (const sub of Array.isArray(subMachines) ? subMachines : []) {
      const found = findIn(sub, name, stateQl);
      if (found) return found;
    }
  }
  return undefined;
}

export function parseDefinition(definition: string | object): Record<string, unknown> {
  return (typeof definition === 'string' ? JSON.parse(definition) : definition) as Record<string, unknown>;
}

export async function testState(request: TestStateRequest, options: TestStateOptions): Promise<TestStateResponse> {
  const located = locateState(parseDefinition(request.definition), request.stateName);
  if (!located) throw new TestStateRejected('ValidationException', STATE_NOT_FOUND);
  const state = compileState(located.name, located.raw, located.queryLanguage, '');
  const env = options.env;
  const input = request.input === undefined ? {} : JSON.parse(request.input);
  const variables = request.variables === undefined ? {} : (JSON.parse(request.variables) as Record<string, unknown>);
  const inspector = new Inspector(inspectedStages(state));
  inspector.input(input);
  const config = request.stateConfiguration ?? {};
  const run: Run = {
    state,
    request,
    options,
    env,
    config,
    readItems: state.type === 'Map' ? readerItems(located.raw, config.mapItemReaderData) : undefined,
    flow: new DataFlow(env),
    inspector,
    scope: { input, context: contextObject(request, state, input, env, options), variables, env },
  };
  const outcome = await execute(run);
  const response: TestStateResponse = { status: outcome.status };
  if (outcome.output !== undefined) response.output = JSON.stringify(outcome.output);
  if (outcome.error !== undefined) response.error = outcome.error;
  if (outcome.cause !== undefined) response.cause = outcome.cause;
  if (outcome.nextState !== undefined) response.nextState = outcome.nextState;
  if ((request.inspectionLevel ?? 'INFO') !== 'INFO') response.inspectionData = inspector.data;
  return response;
}

interface Run {
  state: CompiledState;
  request: TestStateRequest;
  options: TestStateOptions;
  env: EngineEnv;
  config: TestStateConfiguration;
  /** The items a Map's ItemReader reads (from `mapItemReaderData`). */
  readItems?: unknown[];
  flow: DataFlow;
  inspector: Inspector;
  scope: Scope;
}

interface Outcome {
  status: TestExecutionStatus;
  output?: unknown;
  error?: string;
  cause?: string;
  nextState?: string;
}

function readerItems(raw: RawState, data: string | undefined): unknown[] | undefined {
  try {
    return itemReaderItems(raw, data);
  } catch (e) {
    if (e instanceof ItemReaderDataError) throw new TestStateRejected('ValidationException', e.message);
    throw e;
  }
}

// ---- the context object -------------------------------------------------------------------

const RETRYING = new Set<StateType>(['Task', 'Parallel', 'Map']);

/**
 * TestState's `$$`: an Express-style execution of a throwaway state machine, overlaid field by
 * field with the `context` of the request.
 */
function contextObject(request: TestStateRequest, state: CompiledState, input: unknown, env: EngineEnv, options: TestStateOptions): Record<string, unknown> {
  const region = options.region ?? 'us-east-1';
  const account = options.account ?? '123456789012';
  const executionName = env.uuid();
  const now = new Date(env.now).toISOString();
  const context: Record<string, unknown> = {
    Execution: {
      Id: `arn:aws:states:${region}:${account}:express:${TEST_MACHINE_NAME}:${executionName}`,
      Input: input,
      Name: executionName,
      RoleArn: request.roleArn ?? null,
      StartTime: now,
    },
    StateMachine: { Id: `arn:aws:states:${region}:${account}:stateMachine:${TEST_MACHINE_NAME}`, Name: TEST_MACHINE_NAME },
    State: RETRYING.has(state.type)
      ? { Name: CONTEXT_STATE_NAME, EnteredTime: now, RetryCount: request.stateConfiguration?.retrierRetryCount ?? 0 }
      : { Name: CONTEXT_STATE_NAME, EnteredTime: now },
  };
  if (state.type === 'Task' && state.resource.endsWith('.waitForTaskToken')) context.Task = { Token: env.uuid() };
  const given = request.context === undefined ? {} : (JSON.parse(request.context) as Record<string, unknown>);
  for (const [key, value] of Object.entries(given)) {
    context[key] = isObject(value) && isObject(context[key]) ? { ...context[key], ...value } : value;
  }
  return context;
}

// ---- running the state --------------------------------------------------------------------

/** What AWS reports for each state type at DEBUG/TRACE, besides `input`, `variables` and `errorDetails`. */
function inspectedStages(state: CompiledState): Set<Stage> {
  const mapSettings: Stage[] = ['maxConcurrency', 'toleratedFailureCount', 'toleratedFailurePercentage'];
  if (state.io.ql === 'JSONata') {
    if (state.type === 'Task') return new Set(['afterArguments', 'result']);
    return new Set(state.type === 'Map' ? mapSettings : []);
  }
  const resultSide: Stage[] = ['afterResultSelector', 'afterResultPath'];
  switch (state.type) {
    case 'Pass':
      return new Set(state.hasResult ? ['result', ...resultSide] : ['afterInputPath', 'afterParameters', ...resultSide]);
    case 'Task':
      return new Set(['afterInputPath', 'afterParameters', 'result', ...resultSide]);
    case 'Parallel':
      return new Set(resultSide);
    case 'Map':
      return new Set(['afterInputPath', 'afterItemsPath', ...resultSide, ...mapSettings]);
    default:
      return new Set(['afterInputPath']);
  }
}

async function execute(run: Run): Promise<Outcome> {
  try {
    return await executeState(run);
  } catch (e) {
    if (!(e instanceof StatesError)) throw e;
    return handleError(run, e.error, e.cause);
  }
}

async function executeState(run: Run): Promise<Outcome> {
  const { state, scope, flow, inspector } = run;
  const io = state.io;
  switch (state.type) {
    case 'Pass': {
      const produced =
        io.ql === 'JSONata'
          ? await flow.passResult(state, scope)
          : await inspectJsonPath(io, scope, inspector, (effective) => (state.hasResult ? state.result : effective), state.hasResult);
      return exit(run, produced);
    }
    case 'Wait':
    case 'Succeed':
      if (io.ql === 'JSONPath') inspector.stage('afterInputPath', flow.effectiveInput(io, scope));
      if (state.type === 'Wait') await flow.waitUntil(state, scope, run.env.now);
      return exit(run, await flow.passThrough(state, scope));
    case 'Fail': {
      if (io.ql === 'JSONPath') inspector.stage('afterInputPath', flow.effectiveInput(io, scope));
      const { error, cause } = await flow.failure(state, scope);
      return { status: 'FAILED', error, cause };
    }
    case 'Choice': {
      if (io.ql === 'JSONPath') inspector.stage('afterInputPath', flow.effectiveInput(io, scope));
      const picked = await flow.choose(state, scope);
      if (!picked) throw new StatesError(ErrorName.NoChoiceMatched, 'No Matches!');
      return exit(run, picked, picked.next);
    }
    case 'Task':
      return exit(run, await withResult(run, state, (effective) => taskResult(run, state, effective)));
    case 'Parallel':
      return exit(run, await withResult(run, state, () => mockedResult(run)));
    case 'Map':
      return exit(run, await withResult(run, state, (effective) => mapResult(run, state, effective)));
  }
}

/** Task, Parallel and Map: the state's input processing, its (mocked) work, then its result processing. */
async function withResult(
  run: Run,
  state: TaskState | ParallelState | MapState,
  work: (effective: unknown) => Promise<unknown>,
): Promise<Produced> {
  const { scope, flow, inspector } = run;
  if (state.io.ql === 'JSONPath') return inspectJsonPath(state.io, scope, inspector, work);
  const effective = state.type === 'Map' ? scope.input : await flow.taskInput(state, scope);
  if (state.type === 'Task') inspector.stage('afterArguments', effective);
  const result = await work(effective);
  inspector.stage('result', result);
  return flow.resultOutput(state, scope, result);
}

/** The mock's result, or its error raised as the state's own. */
async function mockedResult(run: Run): Promise<unknown> {
  const mock = run.request.mock!;
  if (mock.errorOutput) throw new StatesError(mock.errorOutput.error ?? '', mock.errorOutput.cause ?? '');
  return JSON.parse(mock.result!);
}

async function taskResult(run: Run, state: TaskState, input: unknown): Promise<unknown> {
  if (run.request.mock) return mockedResult(run);
  const invoker = run.options.invoker;
  if (!invoker) throw new StatesError(ErrorName.Runtime, `TestState cannot call '${state.resource}' here: give a mock for it.`);
  const context = run.scope.context as { Execution: { Id: string }; Task?: { Token: string } };
  const outcome = await invoker({
    stateName: state.name,
    resource: state.resource,
    input,
    retryCount: run.config.retrierRetryCount ?? 0,
    taskToken: context.Task?.Token,
    executionArn: context.Execution.Id,
  });
  if (!outcome.ok) throw new StatesError(outcome.error, outcome.cause);
  return outcome.output;
}

/**
 * A Map evaluates its items and settings as usual; the mock stands for the iterations' results,
 * and `mapIterationFailureCount` for how many of them failed.
 */
async function mapResult(run: Run, state: MapState, effective: unknown): Promise<unknown> {
  const { scope, flow, inspector } = run;
  const itemScope = (item: { Index: number; Value: unknown }): Scope => ({
    ...scope,
    context: { ...(scope.context as Record<string, unknown>), Map: { Item: item } },
  });
  const plan = await planChildren(state, scope, flow, itemScope, () => {}, run.readItems);
  if (state.io.ql === 'JSONPath') inspector.stage('afterItemsPath', run.readItems ?? (await flow.items(state, scope, effective)));
  const group = plan.group;
  inspector.stage('maxConcurrency', Number.isFinite(group.maxConcurrency) ? group.maxConcurrency : 0);
  if (state.toleratedFailureCount) inspector.stage('toleratedFailureCount', group.toleratedFailureCount);
  if (state.toleratedFailurePercentage) inspector.stage('toleratedFailurePercentage', group.toleratedFailurePercentage);
  const result = await mockedResult(run);
  const failures = run.config.mapIterationFailureCount ?? 0;
  if (failures > plan.items.length) {
    throw new TestStateRejected('ValidationException', 'Map iteration failure count must be less than or equal to the number of Map iterations');
  }
  // Without a tolerated threshold the failed iterations' own error is unknown, so only a threshold can be exceeded.
  const hasThreshold = state.toleratedFailureCount !== undefined || state.toleratedFailurePercentage !== undefined;
  const tolerated =
    failures <= group.toleratedFailureCount || (failures * 100) / plan.items.length <= group.toleratedFailurePercentage;
  if (hasThreshold && failures > 0 && !tolerated) {
    throw new StatesError(ErrorName.ExceedToleratedFailureThreshold, 'The specified tolerated failure threshold was exceeded');
  }
  return result;
}

function exit(run: Run, produced: Produced, next?: string): Outcome {
  const { state, scope, inspector } = run;
  inspector.variables({ ...scope.variables, ...produced.assigned });
  const nextState = next ?? (state.type === 'Succeed' || state.end ? undefined : state.next);
  return { status: 'SUCCEEDED', output: produced.output, nextState };
}

/**
 * A matching Retrier with attempts left makes the test RETRIABLE (nobody waits); otherwise a
 * matching Catcher makes it CAUGHT_ERROR with the Catcher's output and `Next`.
 */
async function handleError(run: Run, error: string, cause: string): Promise<Outcome> {
  const { state, scope, flow, inspector } = run;
  if (state.type !== 'Task' && state.type !== 'Parallel' && state.type !== 'Map') return { status: 'FAILED', error, cause };
  const r = findMatch(state.retry, error);
  if (r >= 0) {
    inspector.errorDetails({ retryIndex: r });
    const retrier = state.retry[r];
    const attempts = run.config.retrierRetryCount ?? 0;
    if (attempts < retrier.maxAttempts) {
      // The backoff before this retry, without jitter: AWS reports whole seconds.
      inspector.errorDetails({ retryBackoffIntervalSeconds: Math.trunc(retryDelayMs(retrier, attempts, () => 1) / 1000) });
      return { status: 'RETRIABLE', error, cause };
    }
  }
  const c = findMatch(state.catch, error);
  if (c < 0) return { status: 'FAILED', error, cause };
  inspector.errorDetails({ catchIndex: c });
  const catcher = state.catch[c];
  try {
    const produced = await flow.caught(state, catcher, scope, { Error: error, Cause: cause });
    inspector.variables({ ...scope.variables, ...produced.assigned });
    return { status: 'CAUGHT_ERROR', output: produced.output, error, cause, nextState: catcher.next };
  } catch (e) {
    if (!(e instanceof StatesError)) throw e;
    return { status: 'FAILED', error: e.error, cause: e.cause };
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
