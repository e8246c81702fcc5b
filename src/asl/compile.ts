/**
 * Compiles a validated definition into the form the engine runs: every path, template,
 * intrinsic call, JSONata expression and Choice rule is parsed here, once.
 */
import type { QueryLanguage, RawCatcher, RawRetrier, RawState, RawStateMachine, StateType } from './definition.js';
import { PAYLOAD_LIMIT_BYTES } from './errors.js';
import { compilePath, type CompiledPath } from './jsonpath.js';
import { compilePayloadTemplate, type CompiledTemplate } from './payload-template.js';
import { compileJsonataValue, isJsonataTemplate, type CompiledJsonata } from './jsonata.js';
import { compileChoiceRule } from './choice-rules.js';
import type { Scope } from './scope.js';

/** JSONPath I/O processing, in AWS's order: InputPath → Parameters → ResultSelector → ResultPath → OutputPath. */
export interface JsonPathIO {
  ql: 'JSONPath';
  /** `undefined`: `$`; `null`: the empty object. */
  inputPath: CompiledPath | null | undefined;
  parameters?: CompiledTemplate;
  resultSelector?: CompiledTemplate;
  resultPath: CompiledPath | null | undefined;
  outputPath: CompiledPath | null | undefined;
  assign?: CompiledTemplate;
}

export interface JsonataIO {
  ql: 'JSONata';
  arguments?: CompiledJsonata;
  output?: CompiledJsonata;
  assign?: CompiledJsonata;
}

export type StateIO = JsonPathIO | JsonataIO;

/** A number given literally, through a JSONPath (`…Path` fields) or as a JSONata expression. */
export type NumberSource =
  | { kind: 'literal'; value: number }
  | { kind: 'path'; path: CompiledPath; field: string; float?: boolean }
  | { kind: 'jsonata'; expr: CompiledJsonata; field: string; float?: boolean };

export interface Retrier {
  errorEquals: string[];
  intervalSeconds: number;
  maxAttempts: number;
  backoffRate: number;
  maxDelaySeconds?: number;
  jitter: boolean;
}

export interface Catcher {
  errorEquals: string[];
  next: string;
  resultPath: CompiledPath | null | undefined;
  output?: CompiledJsonata;
  assign?: CompiledTemplate | CompiledJsonata;
}

interface StateCommon {
  name: string;
  /** JSON pointer of the state in the definition, for diagnostics. */
  location: string;
  io: StateIO;
  next?: string;
  end: boolean;
}

export interface PassState extends StateCommon {
  type: 'Pass';
  result?: unknown;
  hasResult: boolean;
  /** A constant `Result` over AWS's 256 KiB payload quota: sized once here, it fails every run. */
  resultTooLarge: boolean;
}
export interface TaskState extends StateCommon {
  type: 'Task';
  resource: string;
  timeoutSeconds?: NumberSource;
  heartbeatSeconds?: NumberSource;
  retry: Retrier[];
  catch: Catcher[];
}
export interface ChoiceRule {
  /** JSONPath rules compile to a predicate; JSONata rules to a `Condition` expression. */
  test: ((scope: Scope) => boolean) | CompiledJsonata;
  next: string;
  assign?: CompiledTemplate | CompiledJsonata;
  output?: CompiledJsonata;
}
export interface ChoiceState extends StateCommon { type: 'Choice'; choices: ChoiceRule[]; default?: string }
export interface WaitState extends StateCommon {
  type: 'Wait';
  seconds?: NumberSource;
  timestamp?: { kind: 'literal'; value: string } | { kind: 'path'; path: CompiledPath } | { kind: 'jsonata'; expr: CompiledJsonata };
}
export interface SucceedState extends StateCommon { type: 'Succeed' }
export interface FailState extends StateCommon {
  type: 'Fail';
  error?: StringSource;
  cause?: StringSource;
}
export type StringSource =
  | { kind: 'literal'; value: string }
  | { kind: 'path'; path: CompiledPath; field: string }
  | { kind: 'intrinsic'; template: CompiledTemplate; field: string }
  | { kind: 'jsonata'; expr: CompiledJsonata; field: string };

export interface ParallelState extends StateCommon {
  type: 'Parallel';
  branches: CompiledStateMachine[];
  retry: Retrier[];
  catch: Catcher[];
}
export interface MapState extends StateCommon {
  type: 'Map';
  processor: CompiledStateMachine;
  mode: 'INLINE' | 'DISTRIBUTED';
  itemsPath?: CompiledPath;
  items?: CompiledJsonata;
  /** `ItemSelector` (or the legacy `Parameters` of a Map). */
  itemSelector?: CompiledTemplate | CompiledJsonata;
  itemBatcher?: {
    maxItemsPerBatch?: NumberSource;
    maxInputBytesPerBatch?: NumberSource;
    batchInput?: CompiledTemplate | CompiledJsonata;
  };
  maxConcurrency?: NumberSource;
  toleratedFailurePercentage?: NumberSource;
  toleratedFailureCount?: NumberSource;
  label?: string;
  retry: Retrier[];
  catch: Catcher[];
}

export type CompiledState =
  | PassState
  | TaskState
  | ChoiceState
  | WaitState
  | SucceedState
  | FailState
  | ParallelState
  | MapState;

export interface CompiledStateMachine {
  /** JSON pointer of the (sub-)state machine: `''` for the top level, `/States/P/Branches/0` for a branch. */
  location: string;
  startAt: string;
  states: Map<string, CompiledState>;
  queryLanguage: QueryLanguage;
}

export interface CompiledMachine extends CompiledStateMachine {
  definition: RawStateMachine;
  name?: string;
  /** Every state machine in the definition (top level, branches, item processors) by location. */
  machines: Map<string, CompiledStateMachine>;
  timeoutSeconds?: number;
  comment?: string;
}

export function compileMachine(definition: RawStateMachine): CompiledMachine {
  const ql = definition.QueryLanguage ?? 'JSONPath';
  const top = compileStates(definition, ql, '');
  const machines = new Map<string, CompiledStateMachine>();
  const collect = (sm: CompiledStateMachine): void => {
    machines.set(sm.location, sm);
    for (const state of sm.states.values()) {
      if (state.type === 'Parallel') state.branches.forEach(collect);
      if (state.type === 'Map') collect(state.processor);
    }
  };
  collect(top);
  return {
    ...top,
    machines,
    definition,
    timeoutSeconds: definition.TimeoutSeconds,
    comment: definition.Comment,
  };
}

function compileStates(
  sm: { StartAt: string; States: Record<string, RawState>; QueryLanguage?: QueryLanguage },
  inherited: QueryLanguage,
  location: string,
): CompiledStateMachine {
  const ql = sm.QueryLanguage ?? inherited;
  const states = new Map<string, CompiledState>();
  for (const [name, raw] of Object.entries(sm.States)) {
    states.set(name, compileState(name, raw, ql, `${location}/States/${escapePointer(name)}`));
  }
  return { location, startAt: sm.StartAt, states, queryLanguage: ql };
}

/** Compiles one state on its own, as TestState runs it. */
export function compileState(name: string, raw: RawState, inherited: QueryLanguage, location: string): CompiledState {
  const ql: QueryLanguage = (raw.QueryLanguage as QueryLanguage | undefined) ?? inherited;
  const common: StateCommon = {
    name,
    location,
    io: ql === 'JSONata' ? jsonataIO(raw, location) : jsonPathIO(raw, location),
    next: raw.Next as string | undefined,
    end: raw.End === true,
  };
  const type: StateType = raw.Type;
  switch (type) {
    case 'Pass':
      return {
        ...common,
        type,
        result: raw.Result,
        hasResult: 'Result' in raw,
        resultTooLarge: 'Result' in raw && Buffer.byteLength(JSON.stringify(raw.Result), 'utf8') > PAYLOAD_LIMIT_BYTES,
      };
    case 'Task':
      return {
        ...common,
        type,
        resource: raw.Resource as string,
        timeoutSeconds: numberSource(raw, 'TimeoutSeconds', ql),
        heartbeatSeconds: numberSource(raw, 'HeartbeatSeconds', ql),
        retry: retriers(raw.Retry),
        catch: catchers(raw.Catch, ql, location),
      };
    case 'Choice':
      return {
        ...common,
        type,
        choices: ((raw.Choices as Record<string, unknown>[]) ?? []).map((rule, i) =>
          choiceRule(rule, ql, `${location}/Choices/${i}`),
        ),
        default: raw.Default as string | undefined,
      };
    case 'Wait':
      return { ...common, type, seconds: numberSource(raw, 'Seconds', ql), timestamp: timestampSource(raw, ql) };
    case 'Succeed':
      return { ...common, type };
    case 'Fail':
      return { ...common, type, error: stringSource(raw, 'Error', ql, location), cause: stringSource(raw, 'Cause', ql, location) };
    case 'Parallel':
      return {
        ...common,
        type,
        branches: ((raw.Branches as RawStateMachine[]) ?? []).map((b, i) => compileStates(b, ql, `${location}/Branches/${i}`)),
        retry: retriers(raw.Retry),
        catch: catchers(raw.Catch, ql, location),
      };
    case 'Map':
      return compileMap(common, raw, ql, location);
  }
}

function compileMap(common: StateCommon, raw: RawState, ql: QueryLanguage, location: string): MapState {
  const processorRaw = (raw.ItemProcessor ?? raw.Iterator) as RawStateMachine & { ProcessorConfig?: { Mode?: string } };
  const batcher = raw.ItemBatcher as Record<string, unknown> | undefined;
  const selector = raw.ItemSelector ?? raw.Parameters;
  const selectorField = raw.ItemSelector !== undefined ? 'ItemSelector' : 'Parameters';
  return {
    ...common,
    type: 'Map',
    processor: compileStates(processorRaw, ql, `${location}/${raw.ItemProcessor ? 'ItemProcessor' : 'Iterator'}`),
    mode: processorRaw.ProcessorConfig?.Mode === 'DISTRIBUTED' ? 'DISTRIBUTED' : 'INLINE',
    itemsPath: ql === 'JSONPath' && typeof raw.ItemsPath === 'string' ? compilePath(raw.ItemsPath) : undefined,
    items: ql === 'JSONata' && raw.Items !== undefined ? compileJsonataValue(raw.Items, 'Items', `${location}/Items`) : undefined,
    itemSelector: selector === undefined ? undefined : template(selector, ql, selectorField, `${location}/${selectorField}`),
    itemBatcher: batcher && {
      maxItemsPerBatch: numberSource(batcher, 'MaxItemsPerBatch', ql),
      maxInputBytesPerBatch: numberSource(batcher, 'MaxInputBytesPerBatch', ql),
      batchInput:
        batcher.BatchInput === undefined
          ? undefined
          : template(batcher.BatchInput, ql, 'ItemBatcher/BatchInput', `${location}/ItemBatcher/BatchInput`),
    },
    maxConcurrency: numberSource(raw, 'MaxConcurrency', ql),
    toleratedFailurePercentage: numberSource(raw, 'ToleratedFailurePercentage', ql, true),
    toleratedFailureCount: numberSource(raw, 'ToleratedFailureCount', ql),
    label: raw.Label as string | undefined,
    retry: retriers(raw.Retry),
    catch: catchers(raw.Catch, ql, location),
  };
}

function jsonPathIO(raw: RawState, location: string): JsonPathIO {
  const optionalPath = (field: string): CompiledPath | null | undefined => {
    if (!(field in raw)) return undefined;
    const v = raw[field];
    return v === null ? null : compilePath(v as string);
  };
  // A Map's `Parameters` is its legacy ItemSelector, not a transformation of the Map's input.
  const hasParameters = raw.Parameters !== undefined && raw.Type !== 'Map';
  return {
    ql: 'JSONPath',
    inputPath: optionalPath('InputPath'),
    parameters: hasParameters ? compilePayloadTemplate(raw.Parameters, `${location}/Parameters`) : undefined,
    resultSelector:
      raw.ResultSelector === undefined ? undefined : compilePayloadTemplate(raw.ResultSelector, `${location}/ResultSelector`),
    resultPath: optionalPath('ResultPath'),
    outputPath: optionalPath('OutputPath'),
    assign: raw.Assign === undefined ? undefined : compilePayloadTemplate(raw.Assign, `${location}/Assign`),
  };
}

function jsonataIO(raw: RawState, location: string): JsonataIO {
  return {
    ql: 'JSONata',
    arguments: raw.Arguments === undefined ? undefined : compileJsonataValue(raw.Arguments, 'Arguments', `${location}/Arguments`),
    output: raw.Output === undefined ? undefined : compileJsonataValue(raw.Output, 'Output', `${location}/Output`),
    assign: raw.Assign === undefined ? undefined : compileJsonataValue(raw.Assign, 'Assign', `${location}/Assign`),
  };
}

function template(value: unknown, ql: QueryLanguage, field: string, location: string): CompiledTemplate | CompiledJsonata {
  return ql === 'JSONata' ? compileJsonataValue(value, field, location) : compilePayloadTemplate(value, location);
}

/** `float`: the field takes a real number (ToleratedFailurePercentage) rather than an integer. */
function numberSource(raw: Record<string, unknown>, field: string, ql: QueryLanguage, float = false): NumberSource | undefined {
  const v = raw[field];
  if (typeof v === 'number') return { kind: 'literal', value: v };
  if (ql === 'JSONata' && isJsonataTemplate(v)) return { kind: 'jsonata', expr: compileJsonataValue(v, field, ''), field, float };
  const p = raw[`${field}Path`];
  if (typeof p === 'string') return { kind: 'path', path: compilePath(p), field: `${field}Path`, float };
  return undefined;
}

function timestampSource(raw: RawState, ql: QueryLanguage): WaitState['timestamp'] {
  const v = raw.Timestamp;
  if (typeof v === 'string') {
    if (ql === 'JSONata' && isJsonataTemplate(v)) return { kind: 'jsonata', expr: compileJsonataValue(v, 'Timestamp', '') };
    return { kind: 'literal', value: v };
  }
  if (typeof raw.TimestampPath === 'string') return { kind: 'path', path: compilePath(raw.TimestampPath) };
  return undefined;
}

function stringSource(raw: RawState, field: 'Error' | 'Cause', ql: QueryLanguage, location: string): StringSource | undefined {
  const v = raw[field];
  if (typeof v === 'string') {
    if (ql === 'JSONata' && isJsonataTemplate(v)) return { kind: 'jsonata', expr: compileJsonataValue(v, field, `${location}/${field}`), field };
    return { kind: 'literal', value: v };
  }
  const p = raw[`${field}Path`];
  if (typeof p !== 'string') return undefined;
  if (p.startsWith('States.')) {
    return { kind: 'intrinsic', template: compilePayloadTemplate({ 'v.$': p }, `${location}/${field}Path`), field: `${field}Path` };
  }
  return { kind: 'path', path: compilePath(p), field: `${field}Path` };
}

function retriers(raw: unknown): Retrier[] {
  return ((raw as RawRetrier[] | undefined) ?? []).map((r) => ({
    errorEquals: r.ErrorEquals,
    intervalSeconds: r.IntervalSeconds ?? 1,
    maxAttempts: r.MaxAttempts ?? 3,
    backoffRate: r.BackoffRate ?? 2,
    maxDelaySeconds: r.MaxDelaySeconds,
    jitter: r.JitterStrategy === 'FULL',
  }));
}

function catchers(raw: unknown, ql: QueryLanguage, location: string): Catcher[] {
  return ((raw as RawCatcher[] | undefined) ?? []).map((c, i) => {
    const at = `${location}/Catch/${i}`;
    return {
      errorEquals: c.ErrorEquals,
      next: c.Next,
      resultPath: !('ResultPath' in c) ? undefined : c.ResultPath === null ? null : compilePath(c.ResultPath as string),
      output: ql === 'JSONata' && c.Output !== undefined ? compileJsonataValue(c.Output, 'Output', `${at}/Output`) : undefined,
      assign: c.Assign === undefined ? undefined : template(c.Assign, ql, 'Assign', `${at}/Assign`),
    };
  });
}

function choiceRule(rule: Record<string, unknown>, ql: QueryLanguage, location: string): ChoiceRule {
  return {
    test:
      ql === 'JSONata'
        ? compileJsonataValue(rule.Condition, 'Condition', `${location}/Condition`)
        : compileChoiceRule(rule, location),
    next: rule.Next as string,
    assign: rule.Assign === undefined ? undefined : template(rule.Assign, ql, 'Assign', `${location}/Assign`),
    output: ql === 'JSONata' && rule.Output !== undefined ? compileJsonataValue(rule.Output, 'Output', `${location}/Output`) : undefined,
  };
}

/** RFC 6901: `~` → `~0`, `/` → `~1`. */
export const escapePointer = (s: string): string => s.replace(/~/g, '~0').replace(/\//g, '~1');
