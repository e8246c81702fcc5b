/**
 * Choice rules in the JSONPath flavour (`Variable` + a comparison operator, or `And`/`Or`/`Not`),
 * compiled once into predicates and evaluated as AWS does:
 * - a typed comparison whose operand is of another type is simply false;
 * - a `Variable` (or a `…Path` operand) that selects nothing fails the execution with
 *   `States.Runtime`, except under `IsPresent`, which exists to test exactly that;
 * - `And`/`Or` short-circuit, so `IsPresent` can guard a later comparison.
 * The engine owns `Next`, `Default`, `Assign` and `States.NoChoiceMatched`.
 */
import { DefinitionError, ErrorName, StatesError } from './errors.js';
import { compilePath, PathSyntaxError, type CompiledPath } from './jsonpath.js';
import type { Scope } from './scope.js';
import { parseTimestamp, type Instant } from './timestamp.js';

export type ChoicePredicate = (scope: Scope) => boolean;
export type CompiledChoices = readonly ChoicePredicate[];

const SCHEMA = 'SCHEMA_VALIDATION_FAILED';

/** `location` points at the `Choices` array; rule i is reported at `${location}/${i}`. */
export function compileChoices(choices: unknown[], location: string): CompiledChoices {
  if (choices.length === 0) throw new DefinitionError(SCHEMA, "The field 'Choices' should be non-empty", location);
  return choices.map((rule, i) => compileChoiceRule(rule, `${location}/${i}`));
}

/** The index of the first top-level rule that holds, or -1. */
export function evaluateChoices(compiled: CompiledChoices, scope: Scope): number {
  return compiled.findIndex((rule) => rule(scope));
}

/** Compiles one top-level element of `Choices` (which may also carry `Next`, `Assign`, `Comment`). */
export function compileChoiceRule(rule: unknown, location: string): ChoicePredicate {
  return compileRule(rule, location, TOP_LEVEL_FIELDS);
}

const TOP_LEVEL_FIELDS: ReadonlySet<string> = new Set(['Next', 'Assign', 'Comment']);
const NESTED_FIELDS: ReadonlySet<string> = new Set(['Comment']);
const COMBINATORS: ReadonlySet<string> = new Set(['And', 'Or', 'Not']);

function compileRule(rule: unknown, location: string, otherFields: ReadonlySet<string>): ChoicePredicate {
  if (!isObject(rule)) throw new DefinitionError(SCHEMA, 'Expected value of type Object', location);
  const keys = Object.keys(rule);
  for (const key of keys) {
    if (!COMBINATORS.has(key) && !OPERATORS.has(key) && key !== 'Variable' && !otherFields.has(key)) {
      throw new DefinitionError(SCHEMA, `Field '${key}' is not supported`, location);
    }
  }
  const kinds = keys.filter((k) => COMBINATORS.has(k) || OPERATORS.has(k));
  if (kinds.length !== 1) {
    throw new DefinitionError(
      SCHEMA,
      'A Choice Rule must have exactly one comparison operator or one of And, Or, Not',
      location,
    );
  }
  const [kind] = kinds;
  if (COMBINATORS.has(kind)) {
    if ('Variable' in rule) throw new DefinitionError(SCHEMA, "Field 'Variable' is not supported", location);
    return compileCombinator(kind, rule[kind], `${location}/${kind}`);
  }
  return compileComparison(rule, kind, location);
}

function compileCombinator(kind: string, operand: unknown, at: string): ChoicePredicate {
  if (kind === 'Not') {
    const inner = compileRule(operand, at, NESTED_FIELDS);
    return (scope) => !inner(scope);
  }
  if (!Array.isArray(operand)) throw new DefinitionError(SCHEMA, 'Expected value of type Array', at);
  if (operand.length === 0) throw new DefinitionError(SCHEMA, `The field '${kind}' should be non-empty`, at);
  const parts = operand.map((r, i) => compileRule(r, `${at}/${i}`, NESTED_FIELDS));
  return kind === 'And' ? (scope) => parts.every((p) => p(scope)) : (scope) => parts.some((p) => p(scope));
}

function compileComparison(rule: Record<string, unknown>, name: string, location: string): ChoicePredicate {
  if (!('Variable' in rule)) {
    throw new DefinitionError(SCHEMA, "The field 'Variable' is required but was missing", location);
  }
  const variable = compileOperandPath(rule.Variable, 'Variable', `${location}/Variable`);
  const operator = OPERATORS.get(name)!;
  const test = operator.compile(rule[name], `${location}/${name}`, name);
  return (scope) => {
    const value = variable.select(scope);
    if (value === undefined && !operator.seesMissing) throw invalidPath(variable);
    return test(value, scope);
  };
}

/** Compares the `Variable`'s value (undefined only for `seesMissing` operators) with the operand. */
type Test = (value: unknown, scope: Scope) => boolean;

interface Operator {
  compile(operand: unknown, at: string, field: string): Test;
  /** Whether the operator is asked about a `Variable` that selects nothing instead of failing. */
  readonly seesMissing?: boolean;
}

/** A JSON type with an order: `key` is undefined for values of another type. */
interface ValueType<K> {
  /** How AWS spells the type in operator names (`NumericEquals`). */
  readonly prefix: string;
  key(value: unknown): K | undefined;
  compare(a: K, b: K): number;
  /** Why a literal operand is rejected when the definition is compiled. */
  readonly invalidLiteral: string;
}

const order = <T extends string | number>(a: T, b: T): number => (a < b ? -1 : a > b ? 1 : 0);

const STRING: ValueType<string> = {
  prefix: 'String',
  key: (v) => (typeof v === 'string' ? v : undefined),
  compare: order,
  invalidLiteral: 'Expected value of type String',
};
const NUMBER: ValueType<number> = {
  prefix: 'Numeric',
  key: (v) => (typeof v === 'number' ? v : undefined),
  compare: order,
  invalidLiteral: 'Expected value of type Number',
};
const BOOLEAN: ValueType<boolean> = {
  prefix: 'Boolean',
  key: (v) => (typeof v === 'boolean' ? v : undefined),
  compare: (a, b) => (a === b ? 0 : 1),
  invalidLiteral: 'Expected value of type Boolean',
};
const TIMESTAMP: ValueType<Instant> = {
  prefix: 'Timestamp',
  key: (v) => (typeof v === 'string' ? parseTimestamp(v) : undefined),
  compare: (a, b) => order(a.seconds, b.seconds) || order(a.nanos, b.nanos),
  invalidLiteral: 'String does not match RFC3339 timestamp',
};

const RELATIONS: Record<string, (c: number) => boolean> = {
  Equals: (c) => c === 0,
  LessThan: (c) => c < 0,
  GreaterThan: (c) => c > 0,
  LessThanEquals: (c) => c <= 0,
  GreaterThanEquals: (c) => c >= 0,
};

function comparison<K>(type: ValueType<K>, holds: (c: number) => boolean, byPath: boolean): Operator {
  return {
    compile(operand, at, field) {
      if (byPath) {
        const path = compileOperandPath(operand, field, at);
        return (value, scope) => {
          const other = path.select(scope);
          if (other === undefined) throw invalidPath(path);
          const a = type.key(value);
          const b = type.key(other);
          return a !== undefined && b !== undefined && holds(type.compare(a, b));
        };
      }
      const b = type.key(operand);
      if (b === undefined) throw new DefinitionError(SCHEMA, type.invalidLiteral, at);
      return (value) => {
        const a = type.key(value);
        return a !== undefined && holds(type.compare(a, b));
      };
    },
  };
}

/** `<Type><Relation>` with a literal operand and `<Type><Relation>Path` with a path operand. */
function orderedComparisons<K>(type: ValueType<K>, relations: Record<string, (c: number) => boolean>): [string, Operator][] {
  return Object.entries(relations).flatMap(([relation, holds]): [string, Operator][] => [
    [`${type.prefix}${relation}`, comparison(type, holds, false)],
    [`${type.prefix}${relation}Path`, comparison(type, holds, true)],
  ]);
}

function typeTest(holds: (value: unknown) => boolean, seesMissing = false): Operator {
  return {
    seesMissing,
    compile(operand, at) {
      if (typeof operand !== 'boolean') throw new DefinitionError(SCHEMA, BOOLEAN.invalidLiteral, at);
      return (value) => holds(value) === operand;
    },
  };
}

const stringMatches: Operator = {
  compile(operand, at) {
    if (typeof operand !== 'string') throw new DefinitionError(SCHEMA, STRING.invalidLiteral, at);
    const matches = compileWildcard(operand);
    return (value) => typeof value === 'string' && matches(value);
  },
};

const OPERATORS: ReadonlyMap<string, Operator> = new Map<string, Operator>([
  ...orderedComparisons(STRING, RELATIONS),
  ...orderedComparisons(NUMBER, RELATIONS),
  ...orderedComparisons(TIMESTAMP, RELATIONS),
  ...orderedComparisons(BOOLEAN, { Equals: RELATIONS.Equals }),
  ['StringMatches', stringMatches],
  ['IsNull', typeTest((v) => v === null)],
  ['IsPresent', typeTest((v) => v !== undefined, true)],
  ['IsNumeric', typeTest((v) => typeof v === 'number')],
  ['IsString', typeTest((v) => typeof v === 'string')],
  ['IsBoolean', typeTest((v) => typeof v === 'boolean')],
  ['IsTimestamp', typeTest((v) => TIMESTAMP.key(v) !== undefined)],
]);

function compileOperandPath(text: unknown, field: string, at: string): CompiledPath {
  if (typeof text !== 'string') throw new DefinitionError(SCHEMA, STRING.invalidLiteral, at);
  try {
    return compilePath(text);
  } catch (e) {
    if (!(e instanceof PathSyntaxError)) throw e;
    throw new DefinitionError(SCHEMA, `The value for the field '${field}' must be a valid JSONPath`, at);
  }
}

const invalidPath = (path: CompiledPath): StatesError =>
  new StatesError(
    ErrorName.Runtime,
    `Invalid path '${path.text}': The choice state's condition path references an invalid value.`,
  );

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * `StringMatches`: `*` matches any run of characters; `\*` and `\\` stand for a literal `*` and `\`.
 * Matched by locating the literal pieces in order (linear in the value), not with a regular
 * expression, so a pattern of many stars cannot backtrack exponentially.
 */
export function compileWildcard(pattern: string): (value: string) => boolean {
  const pieces: string[] = [''];
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*') pieces.push('');
    else pieces[pieces.length - 1] += c === '\\' && i + 1 < pattern.length ? pattern[++i] : c;
  }
  if (pieces.length === 1) return (value) => value === pieces[0];
  const first = pieces[0];
  const last = pieces[pieces.length - 1];
  const middle = pieces.slice(1, -1);
  return (value) => {
    if (value.length < first.length + last.length || !value.startsWith(first) || !value.endsWith(last)) return false;
    let at = first.length;
    const end = value.length - last.length;
    for (const piece of middle) {
      const found = value.indexOf(piece, at);
      if (found < 0 || found + piece.length > end) return false;
      at = found + piece.length;
    }
    return true;
  };
}
