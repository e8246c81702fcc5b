/**
 * JSONPath as AWS Step Functions evaluates it. Paths are compiled once into a list of segments;
 * selecting never re-parses text.
 *
 * Roots: `$` (the state's input), `$$` (the context object), `$name` (a workflow variable).
 */
import type { Scope } from './scope.js';

export type PathRoot = { kind: 'input' } | { kind: 'context' } | { kind: 'variable'; name: string };

export type Segment =
  | { kind: 'field'; name: string }
  | { kind: 'index'; index: number };

export interface CompiledPath {
  readonly text: string;
  readonly root: PathRoot;
  readonly segments: readonly Segment[];
  /** True when the path may match several values (wildcard, slice, filter, deep scan): the result is then an array. */
  readonly indefinite: boolean;
  /** The selected value, or `undefined` when the path matches nothing. */
  select(scope: Scope): unknown;
}

export class PathSyntaxError extends Error {}

// TODO(jsonpath): wildcards, slices, filters, deep scan — a minimal reference-path subset for now.
export function compilePath(text: string): CompiledPath {
  let rest: string;
  let root: PathRoot;
  if (text.startsWith('$$')) {
    root = { kind: 'context' };
    rest = text.slice(2);
  } else if (text.startsWith('$')) {
    const m = /^\$([A-Za-z_][A-Za-z0-9_]*)/.exec(text);
    root = m ? { kind: 'variable', name: m[1] } : { kind: 'input' };
    rest = text.slice(m ? m[0].length : 1);
  } else {
    throw new PathSyntaxError(`Invalid path: ${text}`);
  }
  const segments: Segment[] = [];
  const re = /^(?:\.([^.[\]]+)|\[(\d+)\]|\['([^']*)'\])/;
  while (rest.length > 0) {
    const m = re.exec(rest);
    if (!m) throw new PathSyntaxError(`Invalid path: ${text}`);
    if (m[1] !== undefined) segments.push({ kind: 'field', name: m[1] });
    else if (m[2] !== undefined) segments.push({ kind: 'index', index: Number(m[2]) });
    else segments.push({ kind: 'field', name: m[3] });
    rest = rest.slice(m[0].length);
  }
  return {
    text,
    root,
    segments,
    indefinite: false,
    select(scope) {
      let v: unknown =
        root.kind === 'input' ? scope.input : root.kind === 'context' ? scope.context : scope.variables[root.name];
      if (root.kind === 'variable' && !(root.name in scope.variables)) return undefined;
      for (const s of segments) {
        if (v === null || typeof v !== 'object') return undefined;
        if (s.kind === 'field') {
          if (Array.isArray(v) || !Object.prototype.hasOwnProperty.call(v, s.name)) return undefined;
          v = (v as Record<string, unknown>)[s.name];
        } else {
          if (!Array.isArray(v) || s.index >= v.length) return undefined;
          v = v[s.index];
        }
      }
      return v;
    },
  };
}
