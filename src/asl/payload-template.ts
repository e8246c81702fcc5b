/**
 * Payload templates of JSONPath states: `Parameters`, `ItemSelector`, `ResultSelector` and
 * `Assign`. A key ending in `.$` takes its value from a path or an intrinsic function call and
 * loses the `.$`; everything else is copied as written.
 *
 * The template is compiled once into evaluators. Constant parts are frozen and shared between
 * evaluations, and selected values are the input's own nodes: treat every result as immutable.
 */
import { DefinitionError } from './errors.js';
import { compileIntrinsic, IntrinsicSyntaxError, isIntrinsicCall } from './intrinsics.js';
import { compilePath, PathSyntaxError } from './jsonpath.js';
import { selectPathOrFail } from './result-path.js';
import type { Scope } from './scope.js';

export interface CompiledTemplate {
  /** True when no `.$` field appears anywhere: `evaluate` always returns the same frozen value. */
  readonly constant: boolean;
  evaluate(scope: Scope): unknown;
}

type Evaluator = (scope: Scope) => unknown;

/** `location` is the JSON pointer of the template in the definition, e.g. `/States/X/Parameters`. */
export function compilePayloadTemplate(value: unknown, location = ''): CompiledTemplate {
  if (!hasDynamicField(value)) {
    const frozen = freezeCopy(value);
    return { constant: true, evaluate: () => frozen };
  }
  return { constant: false, evaluate: compileNode(value, location) };
}

function compileNode(value: unknown, location: string): Evaluator {
  if (!hasDynamicField(value)) {
    const frozen = freezeCopy(value);
    return () => frozen;
  }
  if (Array.isArray(value)) {
    const items = value.map((v, i) => compileNode(v, `${location}/${i}`));
    return (scope) => {
      const out = new Array<unknown>(items.length);
      for (let i = 0; i < items.length; i++) out[i] = items[i](scope);
      return out;
    };
  }
  const obj = value as Record<string, unknown>;
  const keys: string[] = [];
  const evals: Evaluator[] = [];
  for (const key of Object.keys(obj)) {
    if (key.endsWith('.$')) {
      keys.push(key.slice(0, -2));
      evals.push(compileDynamicField(key, obj[key], location));
    } else {
      keys.push(key);
      evals.push(compileNode(obj[key], `${location}/${escapePointer(key)}`));
    }
  }
  return (scope) => {
    const out: Record<string, unknown> = {};
    for (let i = 0; i < keys.length; i++) out[keys[i]] = evals[i](scope);
    return out;
  };
}

function compileDynamicField(key: string, expr: unknown, location: string): Evaluator {
  const invalid = () =>
    new DefinitionError(
      'SCHEMA_VALIDATION_FAILED',
      `The value for the field '${key}' must be a valid JSONPath or a valid intrinsic function call`,
      location,
    );
  if (typeof expr !== 'string') throw invalid();
  try {
    if (expr.startsWith('$')) {
      const path = compilePath(expr);
      return (scope) => selectPathOrFail(path, scope, key);
    }
    if (isIntrinsicCall(expr)) {
      const call = compileIntrinsic(expr);
      return (scope) => call.evaluate(scope);
    }
  } catch (e) {
    if (!(e instanceof PathSyntaxError || e instanceof IntrinsicSyntaxError)) throw e;
  }
  throw invalid();
}

function hasDynamicField(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some(hasDynamicField);
  for (const key in value) {
    if (key.endsWith('.$') || hasDynamicField((value as Record<string, unknown>)[key])) return true;
  }
  return false;
}

/** A deep copy, frozen so that a caller mutating a shared constant fails loudly instead of corrupting later evaluations. */
function freezeCopy(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return Object.freeze(value.map(freezeCopy));
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) out[key] = freezeCopy((value as Record<string, unknown>)[key]);
  return Object.freeze(out);
}

const escapePointer = (key: string): string => key.replace(/~/g, '~0').replace(/\//g, '~1');
