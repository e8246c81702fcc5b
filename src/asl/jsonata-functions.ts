/**
 * The functions AWS Step Functions adds to (or changes in) JSONata: `$partition`, `$range`,
 * `$hash`, `$random`, `$uuid`, `$parse`, plus `$eval` disabled and `$now`/`$millis` made
 * replayable. Registered on every compiled expression; randomness, ids and time come from the
 * evaluation (see `EVAL_CONTEXT`), never from this module.
 */
import { createHash } from 'node:crypto';
import type jsonata from 'jsonata';
import type { EvalEnv } from './scope.js';

/**
 * Binding name under which each evaluation passes its `EvalContext`. A JSONata variable name ends
 * at whitespace, so no expression can write `$ stepwise` and reach it.
 */
export const EVAL_CONTEXT = ' stepwise';

export interface EvalContext {
  env: EvalEnv;
  /** Milliseconds since the epoch that `$now()` / `$millis()` report for this evaluation. */
  nowMillis: number;
}

type Focus = jsonata.Focus;

/** A JSONata error: the library renders `message` for a known `code` (D3137 keeps ours verbatim). */
const fail = (message: string) => ({ code: 'D3137', message });

const evalContext = (focus: Focus) => focus.environment.lookup(EVAL_CONTEXT) as EvalContext;

/** JSONata's own sequence marker: a one-item result collapses to the item, an empty one to undefined. */
function sequence(items: unknown[]): unknown[] {
  return Object.assign(items, { sequence: true });
}

function partition(array: unknown[] | undefined, size: number | undefined): unknown {
  if (array === undefined || array.length === 0) return undefined;
  if (size === undefined) return [array];
  const chunk = Math.trunc(size);
  if (chunk < 0) throw fail('Second argument must be zero or greater');
  if (chunk === 0) return undefined;
  const chunks: unknown[][] = [];
  for (let i = 0; i < array.length; i += chunk) chunks.push(array.slice(i, i + chunk));
  return chunks;
}

function range(start: number, end: number, step: number | undefined): unknown {
  if (step === undefined) return undefined;
  const [from, to, by] = [Math.trunc(start), Math.trunc(end), Math.trunc(step)];
  if (by === 0) return undefined;
  const items: number[] = [];
  for (let v = from; by > 0 ? v <= to : v >= to; v += by) items.push(v);
  return sequence(items);
}

const HASH_ALGORITHMS: Record<string, string> = {
  MD5: 'md5',
  'SHA-1': 'sha1',
  'SHA-256': 'sha256',
  'SHA-384': 'sha384',
  'SHA-512': 'sha512',
};

function hash(data: string | undefined, algorithm: string | undefined): unknown {
  if (data === undefined || algorithm === undefined) return undefined;
  const name = HASH_ALGORITHMS[algorithm];
  if (name === undefined) {
    throw fail(`Hash algorithm '${algorithm}' must be one of SHA-1, SHA-384, SHA-256, SHA-512, MD5`);
  }
  return createHash(name).update(data, 'utf8').digest('hex');
}

const JAVA_MULTIPLIER = 0x5deece66dn;
const JAVA_MASK = (1n << 48n) - 1n;

/**
 * `new java.util.Random(seed).nextDouble()`: AWS draws seeded numbers from Java's generator, so
 * `$random(42)` is 0.7275636800328681 there and must be here.
 */
export function javaSeededDouble(seed: number): number {
  let state = (BigInt.asIntN(64, BigInt(Math.trunc(seed))) ^ JAVA_MULTIPLIER) & JAVA_MASK;
  const next = (bits: number): bigint => {
    state = (state * JAVA_MULTIPLIER + 0xbn) & JAVA_MASK;
    return state >> BigInt(48 - bits);
  };
  const high = next(26);
  const low = next(27);
  return Number((high << 27n) + low) / 2 ** 53;
}

function random(this: Focus, seed: number | undefined): number {
  return seed === undefined ? evalContext(this).env.random() : javaSeededDouble(seed);
}

function uuid(this: Focus): string {
  return evalContext(this).env.uuid();
}

function parse(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw fail('Invalid JSON');
  }
}

interface JsonataFunction {
  implementation: (...args: unknown[]) => unknown;
}

/** JSONata's `$fromMillis`, looked up so `$now` formats exactly as the library does. */
function fromMillis(focus: Focus, millis: number, picture?: string, timezone?: string): unknown {
  const builtin = focus.environment.lookup('fromMillis') as JsonataFunction;
  return builtin.implementation.call(focus, millis, picture, timezone);
}

function now(this: Focus, picture?: string, timezone?: string): unknown {
  return fromMillis(this, evalContext(this).nowMillis, picture, timezone);
}

function millis(this: Focus): number {
  return evalContext(this).nowMillis;
}

/** Binds AWS's functions on a freshly compiled expression (signatures give JSONata's own T04xx errors). */
export function registerAwsFunctions(expression: jsonata.Expression): void {
  expression.registerFunction('partition', partition, '<a?n?:a>');
  expression.registerFunction('range', range, '<nnn?:a>');
  expression.registerFunction('hash', hash, '<s?s?:s>');
  expression.registerFunction('random', random, '<n?:n>');
  expression.registerFunction('uuid', uuid, '<:s>');
  expression.registerFunction('parse', parse, '<s?:j>');
  expression.registerFunction('now', now, '<s?s?:s>');
  expression.registerFunction('millis', millis, '<:n>');
  // AWS removes $eval. Bound to undefined it shadows the built-in, and calling it is JSONata's
  // own "Attempted to invoke a non-function" (T1006), which is what AWS answers.
  expression.assign('eval', undefined);
}
