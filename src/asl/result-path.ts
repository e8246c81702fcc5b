/**
 * The JSONPath data-flow fields around a state's work: InputPath and OutputPath select, ResultPath
 * places the result into the state's raw input. Errors carry AWS's names and causes.
 */
import { ErrorName, StatesError } from './errors.js';
import type { CompiledPath, Segment } from './jsonpath.js';
import { scopeWithInput, type Scope } from './scope.js';

const hasOwn = Object.prototype.hasOwnProperty;

/**
 * `undefined` (field absent) or `$`: the result replaces the input; `null`: the result is
 * discarded. Otherwise the input is copied along the path only, the rest stays shared.
 */
export function applyResultPath(stateInput: unknown, resultPath: CompiledPath | null | undefined, result: unknown): unknown {
  if (resultPath === null) return stateInput;
  if (resultPath === undefined || resultPath.segments.length === 0) return result;
  const placed = placeAt(stateInput, resultPath.segments, 0, result);
  if (placed === FAILED) {
    throw new StatesError(
      ErrorName.ResultPathMatchFailure,
      `Unable to apply ReferencePath ${resultPath.text} to input ${JSON.stringify(stateInput)}`,
    );
  }
  return placed;
}

const FAILED = Symbol('failed');

function placeAt(node: unknown, segments: readonly Segment[], i: number, value: unknown): unknown {
  const s = segments[i];
  const last = i === segments.length - 1;
  if (s.kind === 'field') {
    if (node === null || typeof node !== 'object' || Array.isArray(node)) return FAILED;
    const obj = node as Record<string, unknown>;
    // A missing intermediate object is created; a present one must be an object itself.
    const child = last ? value : placeAt(hasOwn.call(obj, s.name) ? obj[s.name] : {}, segments, i + 1, value);
    if (child === FAILED) return FAILED;
    // Object.assign then a plain store is much faster in V8 than a spread with a computed key.
    const copy = Object.assign({}, obj);
    copy[s.name] = child;
    return copy;
  }
  if (s.kind === 'index') {
    if (!Array.isArray(node)) return FAILED;
    const at = s.index < 0 ? node.length + s.index : s.index;
    if (at < 0 || at >= node.length) return FAILED;
    const child = last ? value : placeAt(node[at], segments, i + 1, value);
    if (child === FAILED) return FAILED;
    const copy = node.slice();
    copy[at] = child;
    return copy;
  }
  // Only reference paths (names and indexes) can place a value.
  return FAILED;
}

/** InputPath: absent → the raw input, `null` → `{}`, a path that matches nothing → States.Runtime. */
export function applyInputPath(path: CompiledPath | null | undefined, scope: Scope): unknown {
  if (path === undefined) return scope.input;
  if (path === null) return {};
  return selectOrInvalidPath(path, scope);
}

/** OutputPath: the same rules as InputPath, applied to the state's output. */
export function applyOutputPath(path: CompiledPath | null | undefined, output: unknown, scope: Scope): unknown {
  if (path === undefined) return output;
  if (path === null) return {};
  return selectOrInvalidPath(path, scopeWithInput(scope, output));
}

function selectOrInvalidPath(path: CompiledPath, scope: Scope): unknown {
  const v = path.select(scope);
  if (v === undefined) {
    throw new StatesError(ErrorName.Runtime, `Invalid path '${path.text}' : No results for path: ${path.normalized}`);
  }
  return v;
}

/**
 * Selects a path that must match, for fields such as ItemsPath, CausePath and ErrorPath; `fieldName`
 * is the field as AWS names it in the cause (e.g. `CausePath`, `x.$`).
 */
export function selectPathOrFail(path: CompiledPath, scope: Scope, fieldName: string): unknown {
  const v = path.select(scope);
  if (v === undefined) {
    throw new StatesError(
      ErrorName.Runtime,
      `The JSONPath '${path.text}' specified for the field '${fieldName}' could not be found in the input '${JSON.stringify(scope.input)}'`,
    );
  }
  return v;
}
