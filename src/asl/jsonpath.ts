/**
 * JSONPath as AWS Step Functions evaluates it (Jayway JsonPath over Jackson nodes). Paths are
 * compiled once into a list of segments; selecting never re-parses text.
 *
 * Roots: `$` (the state's input), `$$` (the context object), `$name` (a workflow variable).
 *
 * Results follow Jayway: a definite path (names and single indexes only) yields one value or
 * `undefined`; an indefinite path (wildcard, slice, index list, filter, deep scan) yields an array,
 * `[]` when nothing matches. One Jackson quirk is kept on purpose: an index past the end of an
 * array yields `null` rather than nothing (`select`); `selectStrict` treats it as a miss, which is
 * what AWS does for intrinsic function arguments.
 */
import type { Scope } from './scope.js';

export type PathRoot = { kind: 'input' } | { kind: 'context' } | { kind: 'variable'; name: string };

export type Segment =
  | { kind: 'field'; name: string }
  | { kind: 'index'; index: number }
  /** `['a','b']`: Jayway merges the named properties into one object. */
  | { kind: 'fields'; names: readonly string[] }
  | { kind: 'indexes'; indexes: readonly number[] }
  | { kind: 'wildcard' }
  | { kind: 'slice'; start: number | undefined; end: number | undefined; step: number }
  | { kind: 'filter'; test: FilterExpr }
  /** `..x`: applies `inner` to the node and every node below it. */
  | { kind: 'scan'; inner: Segment };

export type FilterOperand =
  | { kind: 'literal'; value: unknown }
  | { kind: 'current'; segments: readonly Segment[] }
  | { kind: 'root'; path: CompiledPath }
  | { kind: 'regex'; regex: RegExp };

export type FilterExpr =
  | { kind: 'and' | 'or'; left: FilterExpr; right: FilterExpr }
  | { kind: 'not'; expr: FilterExpr }
  | { kind: 'exists'; operand: FilterOperand }
  | { kind: 'compare'; op: CompareOp; left: FilterOperand; right: FilterOperand };

export type CompareOp = '==' | '!=' | '<' | '<=' | '>' | '>=' | '=~' | 'in' | 'nin';

export interface CompiledPath {
  readonly text: string;
  readonly root: PathRoot;
  readonly segments: readonly Segment[];
  /** True when the path may match several values (wildcard, slice, filter, deep scan): the result is then an array. */
  readonly indefinite: boolean;
  /** How Jayway prints the path in its errors, e.g. `$['a'][0]`. */
  readonly normalized: string;
  /** The selected value, or `undefined` when the path matches nothing. */
  select(scope: Scope): unknown;
  /** Like `select`, but an index past the end of an array matches nothing instead of `null`. */
  selectStrict(scope: Scope): unknown;
}

export class PathSyntaxError extends Error {}

const hasOwn = Object.prototype.hasOwnProperty;

export function compilePath(text: string): CompiledPath {
  if (typeof text !== 'string' || text.charCodeAt(0) !== 36 /* $ */) {
    throw new PathSyntaxError(`Invalid path: ${String(text)}`);
  }
  const parser = new Parser(text);
  const root = parser.root();
  const segments = parser.segments(PATH_END);
  if (!parser.done()) parser.fail();
  return buildPath(text, root, segments);
}

/** A Reference Path: names and single indexes only, so it addresses at most one node. */
export function isReferencePath(text: string): boolean {
  try {
    return compilePath(text).segments.every(isReferenceSegment);
  } catch {
    return false;
  }
}

export function compileReferencePath(text: string): CompiledPath {
  const path = compilePath(text);
  if (!path.segments.every(isReferenceSegment)) throw new PathSyntaxError(`Invalid reference path: ${text}`);
  return path;
}

const isReferenceSegment = (s: Segment): boolean => s.kind === 'field' || s.kind === 'index';

function buildPath(text: string, root: PathRoot, segments: Segment[]): CompiledPath {
  const indefinite = segments.some(isIndefinite);
  const normalized = '$' + segments.map(normalize).join('');
  const rootOf = rootSelector(root);
  if (!indefinite) {
    return {
      text,
      root,
      segments,
      indefinite,
      normalized,
      select: (scope) => walkDefinite(rootOf(scope), segments, true),
      selectStrict: (scope) => walkDefinite(rootOf(scope), segments, false),
    };
  }
  const select = (scope: Scope): unknown => {
    const start = rootOf(scope);
    if (start === undefined) return undefined;
    const out: unknown[] = [];
    collect(start, segments, 0, out, start);
    return out;
  };
  return { text, root, segments, indefinite, normalized, select, selectStrict: select };
}

function rootSelector(root: PathRoot): (scope: Scope) => unknown {
  if (root.kind === 'input') return (scope) => scope.input;
  if (root.kind === 'context') return (scope) => scope.context;
  const name = root.name;
  return (scope) => (hasOwn.call(scope.variables, name) ? scope.variables[name] : undefined);
}

function isIndefinite(s: Segment): boolean {
  return s.kind !== 'field' && s.kind !== 'index' && s.kind !== 'fields';
}

function normalize(s: Segment): string {
  switch (s.kind) {
    case 'field':
      return `['${s.name}']`;
    case 'index':
      return `[${s.index}]`;
    case 'fields':
      return `[${s.names.map((n) => `'${n}'`).join(',')}]`;
    case 'indexes':
      return `[${s.indexes.join(',')}]`;
    case 'wildcard':
      return '[*]';
    case 'slice':
      return `[${s.start ?? ''}:${s.end ?? ''}]`;
    case 'filter':
      return '[?]';
    case 'scan':
      return '..' + normalize(s.inner).replace(/^\./, '');
  }
}

function walkDefinite(start: unknown, segments: readonly Segment[], lenientIndex: boolean): unknown {
  let v = start;
  for (let i = 0; i < segments.length; i++) {
    if (v === undefined || v === null || typeof v !== 'object') return undefined;
    const s = segments[i];
    if (s.kind === 'field') {
      if (Array.isArray(v) || !hasOwn.call(v, s.name)) return undefined;
      v = (v as Record<string, unknown>)[s.name];
    } else if (s.kind === 'index') {
      if (!Array.isArray(v)) return undefined;
      const at = s.index < 0 ? v.length + s.index : s.index;
      if (at < 0 || at >= v.length) return lenientIndex ? null : undefined;
      v = v[at];
    } else {
      // 'fields' is the only other definite segment.
      if (Array.isArray(v)) return undefined;
      v = pickFields(v as Record<string, unknown>, (s as { names: readonly string[] }).names);
    }
  }
  return v;
}

function pickFields(obj: Record<string, unknown>, names: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const n of names) if (hasOwn.call(obj, n)) out[n] = obj[n];
  return out;
}

/** Applies `segments[i..]` to `node`, appending every match to `out` (Jayway's evaluation order). */
function collect(node: unknown, segments: readonly Segment[], i: number, out: unknown[], root: unknown): void {
  if (i === segments.length) {
    out.push(node);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const s = segments[i];
  const next = i + 1;
  switch (s.kind) {
    case 'field':
      if (!Array.isArray(node) && hasOwn.call(node, s.name)) {
        collect((node as Record<string, unknown>)[s.name], segments, next, out, root);
      }
      return;
    case 'fields':
      if (!Array.isArray(node)) collect(pickFields(node as Record<string, unknown>, s.names), segments, next, out, root);
      return;
    case 'index':
      if (Array.isArray(node)) collectIndex(node, s.index, segments, next, out, root);
      return;
    case 'indexes':
      if (Array.isArray(node)) for (const ix of s.indexes) collectIndex(node, ix, segments, next, out, root);
      return;
    case 'wildcard':
      for (const child of children(node)) collect(child, segments, next, out, root);
      return;
    case 'slice':
      if (Array.isArray(node)) {
        const [from, to] = sliceBounds(node.length, s);
        for (let k = from; k < to; k += s.step) collect(node[k], segments, next, out, root);
      }
      return;
    case 'filter':
      if (Array.isArray(node)) {
        for (const el of node) if (testFilter(s.test, el, root)) collect(el, segments, next, out, root);
      } else if (testFilter(s.test, node, root)) {
        collect(node, segments, next, out, root);
      }
      return;
    case 'scan': {
      const step: Segment[] = [s.inner];
      const tail = segments.slice(next);
      const visit = (n: unknown): void => {
        const hits: unknown[] = [];
        collect(n, step, 0, hits, root);
        for (const h of hits) collect(h, tail, 0, out, root);
        if (n !== null && typeof n === 'object') for (const c of children(n)) visit(c);
      };
      visit(node);
      return;
    }
  }
}

function collectIndex(arr: unknown[], index: number, segments: readonly Segment[], next: number, out: unknown[], root: unknown): void {
  const at = index < 0 ? arr.length + index : index;
  if (at >= 0 && at < arr.length) collect(arr[at], segments, next, out, root);
}

function children(node: object): unknown[] {
  return Array.isArray(node) ? node : Object.values(node);
}

function sliceBounds(len: number, s: { start: number | undefined; end: number | undefined }): [number, number] {
  let from = s.start ?? 0;
  let to = s.end ?? len;
  if (from < 0) from = Math.max(0, len + from);
  if (to < 0) to = Math.max(0, len + to);
  return [Math.min(from, len), Math.min(to, len)];
}

// ---------- filters ----------

const MISSING = Symbol('missing');

function operandValue(op: FilterOperand, current: unknown, root: unknown): unknown {
  switch (op.kind) {
    case 'literal':
      return op.value;
    case 'regex':
      return op.regex;
    case 'current': {
      const v = op.segments.some(isIndefinite) ? collectAll(current, op.segments, root) : walkDefinite(current, op.segments, false);
      return v === undefined ? MISSING : v;
    }
    case 'root': {
      const v = op.path.root.kind === 'input' ? collectOrWalk(op.path, root) : undefined;
      return v === undefined ? MISSING : v;
    }
  }
}

function collectAll(node: unknown, segments: readonly Segment[], root: unknown): unknown[] {
  const out: unknown[] = [];
  collect(node, segments, 0, out, root);
  return out;
}

function collectOrWalk(path: CompiledPath, root: unknown): unknown {
  return path.indefinite ? collectAll(root, path.segments, root) : walkDefinite(root, path.segments, false);
}

function testFilter(e: FilterExpr, current: unknown, root: unknown): boolean {
  switch (e.kind) {
    case 'and':
      return testFilter(e.left, current, root) && testFilter(e.right, current, root);
    case 'or':
      return testFilter(e.left, current, root) || testFilter(e.right, current, root);
    case 'not':
      return !testFilter(e.expr, current, root);
    case 'exists': {
      const v = operandValue(e.operand, current, root);
      if (v === MISSING) return false;
      return isIndefiniteOperand(e.operand) ? (v as unknown[]).length > 0 : true;
    }
    case 'compare':
      return compare(e.op, operandValue(e.left, current, root), operandValue(e.right, current, root));
  }
}

function isIndefiniteOperand(op: FilterOperand): boolean {
  return (op.kind === 'current' && op.segments.some(isIndefinite)) || (op.kind === 'root' && op.path.indefinite);
}

function compare(op: CompareOp, l: unknown, r: unknown): boolean {
  switch (op) {
    case '==':
      return l !== MISSING && r !== MISSING && jsonEquals(l, r);
    case '!=':
      return !(l !== MISSING && r !== MISSING && jsonEquals(l, r));
    case '<':
    case '<=':
    case '>':
    case '>=': {
      if (!((typeof l === 'number' && typeof r === 'number') || (typeof l === 'string' && typeof r === 'string'))) return false;
      if (op === '<') return l < r;
      if (op === '<=') return l <= r;
      if (op === '>') return l > r;
      return l >= r;
    }
    case '=~':
      return typeof l === 'string' && r instanceof RegExp && r.test(l);
    case 'in':
      return Array.isArray(r) && l !== MISSING && r.some((x) => jsonEquals(l, x));
    case 'nin':
      return Array.isArray(r) && !(l !== MISSING && r.some((x) => jsonEquals(l, x)));
  }
}

/** Deep equality of JSON values; values of different JSON types are never equal (Jayway). */
export function jsonEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!jsonEquals(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) {
    if (!hasOwn.call(b, k) || !jsonEquals((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  }
  return true;
}

// ---------- parser ----------

/** Characters that end a dot-notation name in a top-level path. */
const PATH_END = '.[]';
/** Inside a filter a name also ends at whitespace, an operator or the closing parenthesis. */
const FILTER_END = '.[ \t\n\r)=!<>&|,~';

class Parser {
  pos = 0;
  constructor(readonly text: string) {}

  done(): boolean {
    return this.pos >= this.text.length;
  }

  peek(offset = 0): string {
    return this.text.charAt(this.pos + offset);
  }

  fail(): never {
    throw new PathSyntaxError(`Invalid path: ${this.text}`);
  }

  expect(s: string): void {
    if (!this.text.startsWith(s, this.pos)) this.fail();
    this.pos += s.length;
  }

  skipSpace(): void {
    while (/\s/.test(this.peek())) this.pos++;
  }

  root(): PathRoot {
    this.expect('$');
    if (this.peek() === '$') {
      this.pos++;
      return { kind: 'context' };
    }
    const start = this.pos;
    while (!this.done() && isNameChar(this.peek())) this.pos++;
    if (this.pos === start) return { kind: 'input' };
    const name = this.text.slice(start, this.pos);
    if (/^[0-9]/.test(name)) this.fail();
    return { kind: 'variable', name };
  }

  /** Reads segments until the text ends or a character that cannot start a segment. */
  segments(nameEnd: string): Segment[] {
    const out: Segment[] = [];
    for (;;) {
      const c = this.peek();
      if (c === '.') {
        if (this.peek(1) === '.') {
          this.pos += 2;
          out.push({ kind: 'scan', inner: this.scanTarget(nameEnd) });
        } else {
          this.pos++;
          out.push(this.dotTarget(nameEnd));
        }
      } else if (c === '[') {
        out.push(this.bracket());
      } else {
        return out;
      }
    }
  }

  scanTarget(nameEnd: string): Segment {
    if (this.peek() === '[') return this.bracket();
    return this.dotTarget(nameEnd);
  }

  dotTarget(nameEnd: string): Segment {
    if (this.peek() === '*') {
      this.pos++;
      return { kind: 'wildcard' };
    }
    const start = this.pos;
    while (!this.done() && !nameEnd.includes(this.peek())) this.pos++;
    if (this.pos === start) this.fail();
    return { kind: 'field', name: this.text.slice(start, this.pos) };
  }

  bracket(): Segment {
    this.expect('[');
    this.skipSpace();
    const c = this.peek();
    let seg: Segment;
    if (c === '*') {
      this.pos++;
      seg = { kind: 'wildcard' };
    } else if (c === '?') {
      this.pos++;
      this.skipSpace();
      this.expect('(');
      const test = this.orExpr();
      this.skipSpace();
      this.expect(')');
      seg = { kind: 'filter', test };
    } else if (c === "'" || c === '"') {
      const names = [this.quoted()];
      this.skipSpace();
      while (this.peek() === ',') {
        this.pos++;
        this.skipSpace();
        names.push(this.quoted());
        this.skipSpace();
      }
      seg = names.length === 1 ? { kind: 'field', name: names[0] } : { kind: 'fields', names };
    } else {
      seg = this.indexOrSlice();
    }
    this.skipSpace();
    this.expect(']');
    return seg;
  }

  /** A quoted property name. A backslash only escapes the quote itself; anything else is kept as written. */
  quoted(): string {
    const q = this.peek();
    this.pos++;
    let out = '';
    for (;;) {
      if (this.done()) this.fail();
      const c = this.peek();
      if (c === '\\' && this.peek(1) === q) {
        out += q;
        this.pos += 2;
      } else if (c === q) {
        this.pos++;
        return out;
      } else {
        out += c;
        this.pos++;
      }
    }
  }

  integer(): number | undefined {
    this.skipSpace();
    const m = /^-?\d+/.exec(this.text.slice(this.pos));
    if (!m) return undefined;
    this.pos += m[0].length;
    this.skipSpace();
    return Number(m[0]);
  }

  indexOrSlice(): Segment {
    const first = this.integer();
    if (this.peek() === ':') {
      this.pos++;
      const end = this.integer();
      let step = 1;
      if (this.peek() === ':') {
        this.pos++;
        step = this.integer() ?? 1;
        if (step <= 0) this.fail();
      }
      return { kind: 'slice', start: first, end, step };
    }
    if (first === undefined) this.fail();
    const indexes = [first];
    while (this.peek() === ',') {
      this.pos++;
      const n = this.integer();
      if (n === undefined) this.fail();
      indexes.push(n);
    }
    return indexes.length === 1 ? { kind: 'index', index: first } : { kind: 'indexes', indexes };
  }

  orExpr(): FilterExpr {
    let left = this.andExpr();
    for (;;) {
      this.skipSpace();
      if (!this.text.startsWith('||', this.pos)) return left;
      this.pos += 2;
      left = { kind: 'or', left, right: this.andExpr() };
    }
  }

  andExpr(): FilterExpr {
    let left = this.unary();
    for (;;) {
      this.skipSpace();
      if (!this.text.startsWith('&&', this.pos)) return left;
      this.pos += 2;
      left = { kind: 'and', left, right: this.unary() };
    }
  }

  unary(): FilterExpr {
    this.skipSpace();
    if (this.peek() === '!' && this.peek(1) !== '=') {
      this.pos++;
      return { kind: 'not', expr: this.unary() };
    }
    if (this.peek() === '(') {
      this.pos++;
      const e = this.orExpr();
      this.skipSpace();
      this.expect(')');
      return e;
    }
    const left = this.operand();
    this.skipSpace();
    const op = this.operator();
    if (op === undefined) {
      if (left.kind !== 'current' && left.kind !== 'root') this.fail();
      return { kind: 'exists', operand: left };
    }
    this.skipSpace();
    return { kind: 'compare', op, left, right: this.operand() };
  }

  operator(): CompareOp | undefined {
    for (const op of ['==', '!=', '<=', '>=', '=~', '<', '>'] as const) {
      if (this.text.startsWith(op, this.pos)) {
        this.pos += op.length;
        return op;
      }
    }
    for (const op of ['nin', 'in'] as const) {
      if (this.text.startsWith(op, this.pos) && /[\s[]/.test(this.peek(op.length))) {
        this.pos += op.length;
        return op;
      }
    }
    return undefined;
  }

  operand(): FilterOperand {
    this.skipSpace();
    const c = this.peek();
    if (c === '@') {
      this.pos++;
      return { kind: 'current', segments: this.segments(FILTER_END) };
    }
    if (c === '$') {
      const start = this.pos;
      const root = this.root();
      const segments = this.segments(FILTER_END);
      return { kind: 'root', path: buildPath(this.text.slice(start, this.pos), root, segments) };
    }
    if (c === '/') return { kind: 'regex', regex: this.regex() };
    return { kind: 'literal', value: this.literal() };
  }

  literal(): unknown {
    const c = this.peek();
    if (c === "'" || c === '"') return this.quoted();
    if (c === '[') {
      this.pos++;
      const items: unknown[] = [];
      this.skipSpace();
      while (this.peek() !== ']') {
        items.push(this.literal());
        this.skipSpace();
        if (this.peek() === ',') {
          this.pos++;
          this.skipSpace();
        } else if (this.peek() !== ']') this.fail();
      }
      this.pos++;
      return items;
    }
    for (const [word, value] of [['true', true], ['false', false], ['null', null]] as const) {
      if (this.text.startsWith(word, this.pos)) {
        this.pos += word.length;
        return value;
      }
    }
    const m = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(this.text.slice(this.pos));
    if (!m) this.fail();
    this.pos += m[0].length;
    return Number(m[0]);
  }

  regex(): RegExp {
    this.pos++;
    let body = '';
    while (this.peek() !== '/') {
      if (this.done()) this.fail();
      if (this.peek() === '\\') body += this.text[this.pos++];
      body += this.text[this.pos++];
    }
    this.pos++;
    const m = /^[imsu]*/.exec(this.text.slice(this.pos));
    const flags = m ? m[0] : '';
    this.pos += flags.length;
    try {
      // Jayway matches the whole string (Java's Matcher.matches).
      return new RegExp(`^(?:${body})$`, flags);
    } catch {
      this.fail();
    }
  }
}

/** Variable names: letters, digits and underscores, Unicode included. */
function isNameChar(c: string): boolean {
  return /[\p{L}\p{N}_]/u.test(c);
}
