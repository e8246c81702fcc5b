/**
 * Intrinsic functions (`States.Format(...)` etc.) of JSONPath states. A call is parsed once into a
 * tree of literals, paths and nested calls; evaluating walks the tree.
 *
 * Runtime failures are `States.Runtime` (AWS does not let `States.ALL` catch them) with AWS's cause:
 * "The function '<expression as written>' had the following error: <detail>".
 */
import { Buffer } from 'node:buffer';
import { createHash } from 'node:crypto';
import { ErrorName, StatesError } from './errors.js';
import { compilePath, jsonEquals, PathSyntaxError, type CompiledPath } from './jsonpath.js';
import type { Scope } from './scope.js';

export interface CompiledIntrinsic {
  readonly text: string;
  /** The outermost function, e.g. `States.Format`. */
  readonly name: string;
  evaluate(scope: Scope): unknown;
}

export class IntrinsicSyntaxError extends Error {}

type Arg =
  | { kind: 'literal'; value: unknown; formatParts?: readonly string[] }
  | { kind: 'path'; path: CompiledPath }
  | { kind: 'call'; call: Call };

interface Call {
  readonly spec: FunctionSpec;
  readonly args: readonly Arg[];
}

interface FunctionSpec {
  readonly name: string;
  readonly minArgs: number;
  readonly maxArgs: number;
  run(args: unknown[], scope: Scope, call: Call): unknown;
}

/** A failure inside a call; the outermost evaluate turns it into AWS's cause. */
class IntrinsicFailure extends Error {}

const CALL_START = /^\s*States\.[A-Za-z0-9]+\s*\(/;

export function isIntrinsicCall(text: string): boolean {
  return CALL_START.test(text);
}

export function compileIntrinsic(text: string): CompiledIntrinsic {
  const parser = new IntrinsicParser(text);
  parser.skipSpace();
  const call = parser.call();
  parser.skipSpace();
  if (!parser.done()) parser.fail('unexpected text after the call');
  return {
    text,
    name: call.spec.name,
    evaluate(scope) {
      try {
        return evalCall(call, scope);
      } catch (e) {
        if (e instanceof IntrinsicFailure) {
          throw new StatesError(ErrorName.Runtime, `The function '${text}' had the following error: ${e.message}`);
        }
        throw e;
      }
    },
  };
}

function evalCall(call: Call, scope: Scope): unknown {
  const args = new Array<unknown>(call.args.length);
  for (let i = 0; i < args.length; i++) args[i] = evalArg(call.args[i], scope);
  return call.spec.run(args, scope, call);
}

function evalArg(arg: Arg, scope: Scope): unknown {
  if (arg.kind === 'literal') return arg.value;
  if (arg.kind === 'call') return evalCall(arg.call, scope);
  const v = arg.path.selectStrict(scope);
  if (v === undefined) {
    throw new IntrinsicFailure(
      `The JsonPath argument for the field '${arg.path.text}' could not be found in the input '${JSON.stringify(scope.input)}'`,
    );
  }
  return v;
}

// ---------- parser ----------

class IntrinsicParser {
  pos = 0;
  constructor(readonly text: string) {}

  done(): boolean {
    return this.pos >= this.text.length;
  }

  peek(): string {
    return this.text.charAt(this.pos);
  }

  fail(why: string): never {
    throw new IntrinsicSyntaxError(`Invalid intrinsic function call '${this.text}': ${why} at position ${this.pos}`);
  }

  skipSpace(): void {
    while (this.peek() === ' ' || this.peek() === '\t' || this.peek() === '\n' || this.peek() === '\r') this.pos++;
  }

  call(): Call {
    const m = /^States\.([A-Za-z0-9]+)/.exec(this.text.slice(this.pos));
    if (!m) this.fail('expected a States function');
    const spec = FUNCTIONS.get(m[0]);
    if (!spec) this.fail(`unknown function ${m[0]}`);
    this.pos += m[0].length;
    this.skipSpace();
    if (this.peek() !== '(') this.fail("expected '('");
    this.pos++;
    const args: Arg[] = [];
    this.skipSpace();
    if (this.peek() === ')') {
      this.pos++;
    } else {
      for (;;) {
        args.push(this.arg());
        this.skipSpace();
        const c = this.peek();
        this.pos++;
        if (c === ')') break;
        if (c !== ',') this.fail("expected ',' or ')'");
      }
    }
    if (args.length < spec.minArgs || args.length > spec.maxArgs) {
      this.fail(`${spec.name} takes ${arityText(spec)} but got ${args.length}`);
    }
    return { spec, args };
  }

  arg(): Arg {
    this.skipSpace();
    const c = this.peek();
    if (c === "'") return this.string();
    if (c === '$') return { kind: 'path', path: this.path() };
    if (this.text.startsWith('States.', this.pos)) return { kind: 'call', call: this.call() };
    for (const [word, value] of [['true', true], ['false', false], ['null', null]] as const) {
      if (this.text.startsWith(word, this.pos)) {
        this.pos += word.length;
        return { kind: 'literal', value };
      }
    }
    const m = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(this.text.slice(this.pos));
    if (!m) this.fail('expected an argument');
    this.pos += m[0].length;
    return { kind: 'literal', value: Number(m[0]) };
  }

  /** A path argument runs to the next top-level ',' or ')'; brackets, parentheses and quotes may hide them. */
  path(): CompiledPath {
    const start = this.pos;
    let depth = 0;
    let quote = '';
    for (; !this.done(); this.pos++) {
      const c = this.peek();
      if (quote) {
        if (c === '\\') this.pos++;
        else if (c === quote) quote = '';
      } else if (c === "'" || c === '"') quote = c;
      else if (c === '[' || c === '(') depth++;
      else if ((c === ']' || c === ')') && depth > 0) depth--;
      else if (depth === 0 && (c === ',' || c === ')')) break;
    }
    const text = this.text.slice(start, this.pos).trimEnd();
    try {
      return compilePath(text);
    } catch (e) {
      if (e instanceof PathSyntaxError) this.fail(`invalid path ${text}`);
      throw e;
    }
  }

  /**
   * A quoted literal. Only `\'`, `\{`, `\}` and `\\` are escapes (AWS rejects others). The pieces
   * between unescaped `{}` are kept for States.Format.
   */
  string(): Arg {
    this.pos++;
    let value = '';
    let piece = '';
    const parts: string[] = [];
    for (;;) {
      if (this.done()) this.fail('unterminated string');
      const c = this.text[this.pos++];
      if (c === "'") break;
      if (c === '\\') {
        const e = this.text[this.pos++];
        if (e !== "'" && e !== '{' && e !== '}' && e !== '\\') this.fail(`invalid escape \\${e ?? ''}`);
        value += e;
        piece += e;
      } else if (c === '{' && this.peek() === '}') {
        this.pos++;
        value += '{}';
        parts.push(piece);
        piece = '';
      } else {
        value += c;
        piece += c;
      }
    }
    parts.push(piece);
    return { kind: 'literal', value, formatParts: parts };
  }
}

function arityText(spec: FunctionSpec): string {
  if (spec.minArgs === spec.maxArgs) return `${spec.minArgs} argument(s)`;
  if (spec.maxArgs === Infinity) return `at least ${spec.minArgs} argument(s)`;
  return `${spec.minArgs} to ${spec.maxArgs} arguments`;
}

// ---------- functions ----------

const MAX_STRING = 10_000;
const MAX_ARRAY_RANGE = 1000;

function invalid(call: Call): IntrinsicFailure {
  return new IntrinsicFailure(`Invalid arguments in ${call.spec.name}`);
}

function asArray(v: unknown, call: Call): unknown[] {
  if (!Array.isArray(v)) throw invalid(call);
  return v;
}

function asString(v: unknown, call: Call, max = Infinity): string {
  if (typeof v !== 'string' || v.length > max) throw invalid(call);
  return v;
}

function asNumber(v: unknown, call: Call): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw invalid(call);
  return v;
}

/** AWS truncates fractional sizes, indexes and bounds (MathAdd is the exception: it rounds). */
const asInteger = (v: unknown, call: Call): number => Math.trunc(asNumber(v, call));

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** How States.Format prints a value: Java's toString of the JSON tree (`{a=1, b=[x, y]}`), strings unquoted. */
function formatValue(v: unknown): string {
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return `[${v.map(formatValue).join(', ')}]`;
  if (isObject(v)) {
    const parts: string[] = [];
    for (const k in v) parts.push(`${k}=${formatValue(v[k])}`);
    return `{${parts.join(', ')}}`;
  }
  return String(v);
}

function format(args: unknown[], _scope: Scope, call: Call): string {
  const first = call.args[0];
  const parts = first.kind === 'literal' && first.formatParts ? first.formatParts : asString(args[0], call).split('{}');
  if (parts.length !== args.length) throw invalid(call);
  let out = parts[0];
  for (let i = 1; i < parts.length; i++) out += formatValue(args[i]) + parts[i];
  return out;
}

function arrayRange(args: unknown[], _scope: Scope, call: Call): number[] {
  const start = asInteger(args[0], call);
  const end = asInteger(args[1], call);
  const step = asInteger(args[2], call);
  if (step === 0) throw invalid(call);
  const count = (end - start) / step < 0 ? 0 : Math.floor((end - start) / step) + 1;
  if (count > MAX_ARRAY_RANGE) throw invalid(call);
  const out = new Array<number>(count);
  for (let i = 0; i < count; i++) out[i] = start + i * step;
  return out;
}

function arrayPartition(args: unknown[], _scope: Scope, call: Call): unknown[][] {
  const arr = asArray(args[0], call);
  const size = asInteger(args[1], call);
  if (size <= 0) throw invalid(call);
  const out: unknown[][] = [];
  for (let i = 0; i < arr.length; i += size) out.push(arr.slice(i, i + size));
  return out;
}

function arrayGetItem(args: unknown[], _scope: Scope, call: Call): unknown {
  const arr = asArray(args[0], call);
  const index = asInteger(args[1], call);
  if (index < 0 || index >= arr.length) throw invalid(call);
  return arr[index];
}

function arrayUnique(args: unknown[], _scope: Scope, call: Call): unknown[] {
  const out: unknown[] = [];
  for (const v of asArray(args[0], call)) if (!out.some((u) => jsonEquals(u, v))) out.push(v);
  return out;
}

const BASE64_CHAR = /^[A-Za-z0-9+/]*={0,2}$/;

function base64Decode(args: unknown[], _scope: Scope, call: Call): string {
  const s = asString(args[0], call, MAX_STRING);
  if (s.length % 4 !== 0 || !BASE64_CHAR.test(s)) throw invalid(call);
  return Buffer.from(s, 'base64').toString('utf8');
}

const HASH_ALGORITHMS: ReadonlyMap<string, string> = new Map([
  ['MD5', 'md5'],
  ['SHA-1', 'sha1'],
  ['SHA-256', 'sha256'],
  ['SHA-384', 'sha384'],
  ['SHA-512', 'sha512'],
]);

function hash(args: unknown[], _scope: Scope, call: Call): string {
  const data = asString(args[0], call, MAX_STRING);
  const algorithm = HASH_ALGORITHMS.get(asString(args[1], call));
  if (!algorithm) throw invalid(call);
  return createHash(algorithm).update(data, 'utf8').digest('hex');
}

function jsonMerge(args: unknown[], _scope: Scope, call: Call): Record<string, unknown> {
  const [a, b, deep] = args;
  // AWS supports only the shallow mode: the third argument must be false.
  if (!isObject(a) || !isObject(b) || deep !== false) throw invalid(call);
  return { ...a, ...b };
}

function mathRandom(args: unknown[], scope: Scope, call: Call): number {
  const start = asInteger(args[0], call);
  const end = asInteger(args[1], call);
  if (start >= end) throw invalid(call);
  const bound = end - start;
  if (args.length === 3) return start + javaRandomNextInt(asInteger(args[2], call), bound);
  return start + Math.floor(scope.env.random() * bound);
}

/**
 * `new java.util.Random(seed).nextInt(bound)`: a seeded MathRandom must give the same number on
 * every run, and the JVM's generator is the natural candidate for what AWS runs.
 */
function javaRandomNextInt(seed: number, bound: number): number {
  const MULT = 0x5deece66dn;
  const MASK = (1n << 48n) - 1n;
  let state = (BigInt(seed) ^ MULT) & MASK;
  const next31 = (): number => {
    state = (state * MULT + 0xbn) & MASK;
    return Number(state >> 17n);
  };
  const m = bound - 1;
  let bits = next31();
  if ((bound & m) === 0) return Number((BigInt(bound) * BigInt(bits)) >> 31n);
  let val = bits % bound;
  // Java rejects the top, uneven slice of the range; `| 0` reproduces its int overflow test.
  while (((bits - val + m) | 0) < 0) {
    bits = next31();
    val = bits % bound;
  }
  return val;
}

function mathAdd(args: unknown[], _scope: Scope, call: Call): number {
  // Java's Math.round, which is what JavaScript's Math.round does too (halves go up).
  return Math.round(asNumber(args[0], call)) + Math.round(asNumber(args[1], call));
}

/** Java's StringTokenizer: every character of the delimiter splits, empty tokens are dropped. */
function stringSplit(args: unknown[], _scope: Scope, call: Call): string[] {
  const s = asString(args[0], call);
  const delims = asString(args[1], call);
  const out: string[] = [];
  let token = '';
  for (const c of s) {
    if (delims.includes(c)) {
      if (token) out.push(token);
      token = '';
    } else {
      token += c;
    }
  }
  if (token) out.push(token);
  return out;
}

function stringToJson(args: unknown[], _scope: Scope, call: Call): unknown {
  const s = asString(args[0], call);
  try {
    return JSON.parse(s);
  } catch {
    throw invalid(call);
  }
}

const spec = (name: string, minArgs: number, maxArgs: number, run: FunctionSpec['run']): [string, FunctionSpec] => [
  name,
  { name, minArgs, maxArgs, run },
];

const FUNCTIONS: ReadonlyMap<string, FunctionSpec> = new Map([
  spec('States.Format', 1, Infinity, format),
  spec('States.StringToJson', 1, 1, stringToJson),
  spec('States.JsonToString', 1, 1, (args) => JSON.stringify(args[0])),
  spec('States.Array', 0, Infinity, (args) => args),
  spec('States.ArrayPartition', 2, 2, arrayPartition),
  spec('States.ArrayContains', 2, 2, (args, _s, call) => asArray(args[0], call).some((v) => jsonEquals(v, args[1]))),
  spec('States.ArrayRange', 3, 3, arrayRange),
  spec('States.ArrayGetItem', 2, 2, arrayGetItem),
  spec('States.ArrayLength', 1, 1, (args, _s, call) => asArray(args[0], call).length),
  spec('States.ArrayUnique', 1, 1, arrayUnique),
  spec('States.Base64Encode', 1, 1, (args, _s, call) => Buffer.from(asString(args[0], call, MAX_STRING), 'utf8').toString('base64')),
  spec('States.Base64Decode', 1, 1, base64Decode),
  spec('States.Hash', 2, 2, hash),
  spec('States.JsonMerge', 3, 3, jsonMerge),
  spec('States.MathRandom', 2, 3, mathRandom),
  spec('States.MathAdd', 2, 2, mathAdd),
  spec('States.StringSplit', 2, 2, stringSplit),
  spec('States.UUID', 0, 0, (_args, scope) => scope.env.uuid()),
]);
