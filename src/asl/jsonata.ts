/**
 * JSONata as AWS Step Functions evaluates it (`QueryLanguage: "JSONata"`). A field's value is
 * JSON in which any string written `{% expr %}` is an expression; every other string is a literal.
 * Values are compiled once, when the definition is loaded; evaluation binds `$states` and the
 * workflow variables and returns plain JSON.
 *
 * Results may share structure with the definition's constants and with the bindings (e.g.
 * `{% $states.input %}` returns the input itself): callers treat every value as immutable.
 */
import jsonata from 'jsonata';
import { DefinitionError, StatesError } from './errors.js';
import { EVAL_CONTEXT, registerAwsFunctions, type EvalContext } from './jsonata-functions.js';
import { topLevelReferences } from './jsonata-references.js';
import type { EvalEnv } from './scope.js';

/** `$states`: what the state sees while it runs. */
export interface StatesBinding {
  input: unknown;
  context: unknown;
  result?: unknown;
  errorOutput?: unknown;
}

export interface JsonataBindings {
  states: StatesBinding;
  /** Workflow variables, each bound as `$name`. Bound by reference, never copied. */
  variables: Record<string, unknown>;
}

export interface CompiledJsonata {
  /** The field name used in error causes, e.g. `Output`, `Arguments/FunctionName`. */
  readonly field: string;
  /** True when the value holds no `{% %}`: `evaluate` returns it without invoking JSONata. */
  readonly isConstant: boolean;
  /** The expression text when the whole value is one `{% %}` template, for type-check causes. */
  readonly expression: string | undefined;
  evaluate(bindings: JsonataBindings, env: EvalEnv): Promise<unknown>;
}

/**
 * `States.QueryEvaluationError` with the field it happened in: the engine reports `location` in
 * the `EvaluationFailed` history event and prefixes the cause with the state's name.
 */
export class JsonataEvaluationError extends StatesError {
  constructor(
    cause: string,
    readonly location: string,
  ) {
    super('States.QueryEvaluationError', cause);
  }
}

/** AWS: the string must start with `{%` and end with `%}`, with nothing outside them. */
export function isJsonataTemplate(s: unknown): s is string {
  return typeof s === 'string' && s.length >= 4 && s.startsWith('{%') && s.endsWith('%}');
}

const expressionText = (template: string) => template.slice(2, -2).trim();

/**
 * Bounds a runaway expression (JSONata optimises tail calls, so an endless recursion loops rather
 * than overflowing): without it one bad definition would pin the engine for ever.
 */
const GUARDRAILS: jsonata.JsonataOptions = { stack: 2000, timeout: 10_000 };

type Node =
  | { kind: 'constant'; value: unknown }
  | { kind: 'expression'; text: string; field: string; compiled: jsonata.Expression }
  | { kind: 'object'; entries: [string, Node][] }
  | { kind: 'array'; items: Node[] };

/**
 * Compiles a field's value. `field` names it in runtime causes and `location` (a definition
 * pointer such as `/States/S/Output`) in definition errors; nested values extend both as AWS
 * does: `/key` for an object member, `[i]` for an array item.
 * @throws DefinitionError for the first expression that does not parse or reads the top level.
 */
export function compileJsonataValue(value: unknown, field: string, location: string = field): CompiledJsonata {
  const node = compileNode(value, field, location, (e) => {
    throw e;
  });
  return new CompiledValue(node, field);
}

/** Every definition error in a JSONata field's value (syntax errors, top-level references). */
export function validateJsonataField(value: unknown, location: string): DefinitionError[] {
  const errors: DefinitionError[] = [];
  compileNode(value, '', location, (e) => errors.push(e));
  return errors;
}

function compileNode(
  value: unknown,
  field: string,
  location: string,
  report: (e: DefinitionError) => void,
): Node {
  if (isJsonataTemplate(value)) return compileExpression(expressionText(value), field, location, report);
  if (Array.isArray(value)) {
    const items = value.map((v, i) => compileNode(v, `${field}[${i}]`, `${location}[${i}]`, report));
    return items.every((n) => n.kind === 'constant') ? { kind: 'constant', value } : { kind: 'array', items };
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).map(
      ([k, v]): [string, Node] => [k, compileNode(v, `${field}/${k}`, `${location}/${k}`, report)],
    );
    return entries.every(([, n]) => n.kind === 'constant') ? { kind: 'constant', value } : { kind: 'object', entries };
  }
  return { kind: 'constant', value };
}

function compileExpression(
  text: string,
  field: string,
  location: string,
  report: (e: DefinitionError) => void,
): Node {
  let compiled: jsonata.Expression;
  try {
    compiled = jsonata(text, GUARDRAILS);
  } catch (e) {
    report(new DefinitionError('INVALID_JSONATA_EXPRESSION', (e as Error).message, location));
    return { kind: 'constant', value: undefined };
  }
  for (const name of topLevelReferences(compiled.ast() as Parameters<typeof topLevelReferences>[0])) {
    report(
      new DefinitionError(
        'UNSUPPORTED_JSONATA_EXPRESSION',
        `Reference to '${name}' at the top level is not supported.`,
        location,
      ),
    );
  }
  registerAwsFunctions(compiled);
  return { kind: 'expression', text, field, compiled };
}

class CompiledValue implements CompiledJsonata {
  readonly isConstant: boolean;
  readonly expression: string | undefined;

  constructor(
    private readonly node: Node,
    readonly field: string,
  ) {
    this.isConstant = node.kind === 'constant';
    this.expression = node.kind === 'expression' ? node.text : undefined;
  }

  evaluate(bindings: JsonataBindings, env: EvalEnv): Promise<unknown> {
    if (this.node.kind === 'constant') return Promise.resolve(this.node.value);
    const context: EvalContext = { env, nowMillis: evaluationTime(bindings.states.context) };
    const jsonataBindings: Record<string, unknown> = {
      ...bindings.variables,
      states: bindings.states,
      [EVAL_CONTEXT]: context,
    };
    return evaluateNode(this.node, jsonataBindings);
  }
}

/**
 * What `$now()` reports: the time the state was entered, from the context object, so that a
 * replayed evaluation gives the same answer (this module never reads a clock).
 */
function evaluationTime(context: unknown): number {
  const c = context as { State?: { EnteredTime?: unknown }; Execution?: { StartTime?: unknown } } | null;
  for (const t of [c?.State?.EnteredTime, c?.Execution?.StartTime]) {
    const ms = typeof t === 'string' ? Date.parse(t) : NaN;
    if (!Number.isNaN(ms)) return ms;
  }
  return 0;
}

// Sequential on purpose: the first failing field in document order is the one AWS reports, and
// $random/$uuid draw from env in that order.
async function evaluateNode(node: Node, bindings: Record<string, unknown>): Promise<unknown> {
  switch (node.kind) {
    case 'constant':
      return node.value;
    case 'expression':
      return evaluateExpression(node.text, node.field, node.compiled, bindings);
    case 'array': {
      const out: unknown[] = [];
      for (const item of node.items) out.push(await evaluateNode(item, bindings));
      return out;
    }
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [k, v] of node.entries) out[k] = await evaluateNode(v, bindings);
      return out;
    }
  }
}

async function evaluateExpression(
  text: string,
  field: string,
  compiled: jsonata.Expression,
  bindings: Record<string, unknown>,
): Promise<unknown> {
  const failure = (tail: string) =>
    new JsonataEvaluationError(`The JSONata expression '${text}' specified for the field '${field}' ${tail}`, field);
  let raw: unknown;
  try {
    raw = await compiled.evaluate(undefined, bindings);
  } catch (e) {
    throw failure(describeEvaluationError(e));
  }
  if (raw === undefined) throw failure('returned nothing (undefined).');
  const json = toJson(raw);
  if (json === UNSUPPORTED) throw failure('returned an unsupported result type.');
  return json;
}

/** AWS: `threw an error during evaluation. T2002: <message>`, or `: <message>` for an uncoded error. */
function describeEvaluationError(e: unknown): string {
  const { code, message } = (e ?? {}) as { code?: unknown; message?: unknown };
  const text = typeof message === 'string' ? message : String(e);
  return typeof code === 'string'
    ? `threw an error during evaluation. ${code}: ${text}`
    : `threw an error during evaluation: ${text}`;
}

const UNSUPPORTED = Symbol('unsupported');

/** JSONata's internal marks on the arrays it builds. */
const SEQUENCE_FLAGS = ['sequence', 'keepSingleton', 'outerWrapper', 'tupleStream'] as const;

const isFunctionValue = (v: object) =>
  typeof v === 'function' || '_jsonata_lambda' in v || '_jsonata_function' in v;

/**
 * Plain JSON from a JSONata result: drops sequence marks, null prototypes and undefined members,
 * writes non-finite numbers by their JavaScript names (JSON has none; AWS answers `"Infinity"`)
 * and `-0` as `0`. A result that is already plain JSON (typically data read from the bindings)
 * is checked without copying and returned as is.
 */
function toJson(v: unknown): unknown {
  return isPlainJson(v) ? v : normalise(v);
}

function isPlainJson(v: unknown): boolean {
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(v) && !Object.is(v, -0);
    case 'object': {
      if (v === null) return true;
      if (Array.isArray(v)) {
        if (SEQUENCE_FLAGS.some((f) => f in v)) return false;
        for (let i = 0; i < v.length; i++) if (!isPlainJson(v[i])) return false;
        return true;
      }
      if (Object.getPrototypeOf(v) !== Object.prototype || isFunctionValue(v)) return false;
      for (const k in v) if (!isPlainJson((v as Record<string, unknown>)[k])) return false;
      return true;
    }
    default:
      return false;
  }
}

function normalise(v: unknown): unknown {
  if (typeof v === 'number') return Number.isFinite(v) ? (v === 0 ? 0 : v) : String(v);
  if (v === null || (typeof v !== 'object' && typeof v !== 'function')) return v;
  if (isFunctionValue(v)) return UNSUPPORTED;
  if (Array.isArray(v)) {
    const items = v.map((item) => (item === undefined ? null : normalise(item)));
    return items.includes(UNSUPPORTED) ? UNSUPPORTED : items;
  }
  const out: Record<string, unknown> = {};
  for (const [k, item] of Object.entries(v)) {
    if (item === undefined) continue;
    const j = normalise(item);
    if (j === UNSUPPORTED) return UNSUPPORTED;
    out[k] = j;
  }
  return out;
}

export type JsonType = 'array' | 'number' | 'boolean' | 'string' | 'object' | 'integer';

/** The type name AWS prints for a JSON value. */
export function jsonTypeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/**
 * Checks the type a field needs (`Items` an array, `TimeoutSeconds` an integer, …) and fails as
 * AWS does: `… returned an unexpected result type. Expected 'array', but was 'boolean' for value: true`.
 */
export function expectType(value: unknown, expected: JsonType, expr: string, field: string): unknown {
  const ok = expected === 'integer' ? Number.isInteger(value) : jsonTypeOf(value) === expected;
  if (ok) return value;
  throw new JsonataEvaluationError(
    `The JSONata expression '${expr}' specified for the field '${field}' returned an unexpected result type. ` +
      `Expected '${expected}', but was '${jsonTypeOf(value)}' for value: ${JSON.stringify(value)}`,
    field,
  );
}
