/**
 * Malformed variants of a valid request, derived from AWS's model of the operation: every member
 * (present in the seed or not) with a JSON value of each wrong type, every required member left
 * out or null, and every constraint the model states (lengths, ranges, list sizes, enums,
 * patterns) broken just past its bound. Each variant is wrong in exactly one place, so the answer
 * it must get is known: the kind of mistake decides the error type.
 */
import { isNumeric, matchesPattern, type Shape } from './model.js';

export type Kind =
  /** A JSON value of another type than the model's. */
  | 'wrong-type'
  /** A required member left out, or sent as null. */
  | 'missing'
  /** A length, size, range, enum or pattern constraint broken. */
  | 'constraint';

export type Path = readonly (string | number)[];

export interface Variant {
  kind: Kind;
  /** Where the mistake is, and what it is: `tags.0.key too long`. */
  label: string;
  path: Path;
  request: Record<string, unknown>;
}

/** Values of every JSON type except the one the shape takes. */
export function wrongTypes(shape: Shape): unknown[] {
  if (shape.type === 'string' || shape.type === 'blob' || shape.type === 'timestamp') return [42, true, { a: 'b' }, ['x']];
  if (isNumeric(shape)) return ['12', false, { n: 1 }, [1]];
  if (shape.type === 'boolean') return ['true', 1, { b: true }, [true]];
  if (shape.type === 'list') return ['x', 1, { a: 1 }, false];
  return ['x', 1, ['x'], true];
}

interface Mistake extends Omit<Variant, 'request'> {
  value: unknown;
}

/**
 * The variants of `seed`. JSON types are only wrong in the JSON body: members with an HTTP
 * location (path, query, header) and a REST payload (the raw body) are text whatever they hold.
 */
export function variants(input: Shape, seed: Record<string, unknown>): Variant[] {
  const out: Mistake[] = [];
  structure(input, seed, [], true, out);
  return out.map(({ value, ...v }) => ({ ...v, request: withValue(seed, v.path, value) }));
}

function structure(shape: Shape, value: Record<string, unknown>, path: Path, inBody: boolean, out: Mistake[]): void {
  for (const [name, member] of Object.entries(shape.members ?? {})) {
    const at = [...path, name];
    const body = inBody && member.location === undefined && name !== shape.payload;
    const present = value[name];
    if (shape.required?.includes(name)) {
      // A URI member cannot be left out: the path would name another route.
      if (member.location !== 'uri') out.push(variant('missing', at, `${label(at)} left out`, undefined));
      if (body) out.push(variant('missing', at, `${label(at)} null`, null));
    }
    if (body) for (const wrong of wrongTypes(member.shape)) out.push(variant('wrong-type', at, `${label(at)} as ${describe(wrong)}`, wrong));
    if (present !== undefined && present !== null) constraints(member.shape, present, at, body, out);
  }
}

function constraints(shape: Shape, value: unknown, at: Path, body: boolean, out: Mistake[]): void {
  const broken = (what: string, bad: unknown): void => void out.push(variant('constraint', at, `${label(at)} ${what}`, bad));
  if (shape.type === 'string' && typeof value === 'string') {
    if (shape.max !== undefined) broken(`${shape.max + 1} characters long`, 'a'.repeat(shape.max + 1));
    if (shape.min !== undefined && shape.min > 0) broken('empty', '');
    if (shape.enum) {
      broken('not in its enum', 'NOT_A_MEMBER_OF_THE_ENUM');
      const lower = shape.enum[0].toLowerCase();
      if (!shape.enum.includes(lower)) broken('in the wrong case', lower);
    }
    if (shape.pattern) {
      const bad = BREAKS_PATTERNS.find((s) => !matchesPattern(shape.pattern!, s) && [...s].length >= (shape.min ?? 0) && [...s].length <= (shape.max ?? Infinity));
      if (bad !== undefined) broken(`not matching ${shape.pattern}`, bad);
    }
    return;
  }
  if (isNumeric(shape) && typeof value === 'number') {
    if (shape.min !== undefined) broken(`below ${shape.min}`, shape.min - 1);
    if (shape.max !== undefined) broken(`above ${shape.max}`, shape.max + 1);
    return;
  }
  if (shape.type === 'list' && Array.isArray(value) && value.length > 0) {
    if (shape.max !== undefined) broken(`with ${shape.max + 1} items`, Array.from({ length: shape.max + 1 }, () => value[0]));
    if (shape.min !== undefined && shape.min > 0) broken('with no items', []);
    if (body) for (const wrong of wrongTypes(shape.member!)) out.push(variant('wrong-type', [...at, 0], `${label([...at, 0])} as ${describe(wrong)}`, wrong));
    constraints(shape.member!, value[0], [...at, 0], body, out);
    return;
  }
  if (shape.type === 'map' && value && typeof value === 'object' && !Array.isArray(value)) {
    const [key, first] = Object.entries(value)[0] ?? [];
    if (key === undefined) return;
    if (body) for (const wrong of wrongTypes(shape.value!)) out.push(variant('wrong-type', [...at, key], `${label([...at, key])} as ${describe(wrong)}`, wrong));
    constraints(shape.value!, first, [...at, key], body, out);
    return;
  }
  if (shape.type === 'structure' && value && typeof value === 'object' && !Array.isArray(value)) {
    structure(shape, value as Record<string, unknown>, at, body, out);
  }
}

/** Strings that break most patterns; the first one a pattern refuses (and its length allows) is used. */
const BREAKS_PATTERNS = ['has spaces and $ymbols!', 'ünïcödé', '\u0001\u0002', '...', '1234', 'a:b:c'];

const variant = (kind: Kind, path: Path, what: string, value: unknown): Mistake => ({ kind, path, label: what, value });

/** The value at `path` in a request. */
export function valueAt(request: Record<string, unknown>, path: Path): unknown {
  let node: unknown = request;
  for (const key of path) node = (node as Record<string | number, unknown> | undefined)?.[key];
  return node;
}

/** The request with the value at `path` replaced (`undefined` removes it). */
export function withValue(request: Record<string, unknown>, path: Path, value: unknown): Record<string, unknown> {
  const copy = structuredClone(request);
  let node: Record<string | number, unknown> = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  if (value === undefined) delete node[last];
  else node[last] = value;
  return copy;
}

const label = (path: Path): string => path.join('.');

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
