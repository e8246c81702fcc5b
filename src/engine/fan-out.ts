/**
 * Planning the children of a Parallel or Map state: what each branch or iteration receives, and
 * how many may run at once and fail before the state fails.
 */
import type { MapState, ParallelState } from '../asl/compile.js';
import { StatesError } from '../asl/errors.js';
import type { Scope } from '../asl/scope.js';
import type { DataFlow } from './data-flow.js';
import type { ChildGroup } from './types.js';

export type ChildOutcome = { ok: true; output: unknown } | { ok: false; error: string; cause?: string };

export interface ChildPlan {
  group: ChildGroup;
  items: unknown[];
}

type ItemScope = (mapItem: { Index: number; Value: unknown }) => Scope;

export async function planChildren(
  state: ParallelState | MapState,
  scope: Scope,
  flow: DataFlow,
  itemScope: ItemScope,
  /** Records the state's start (MapStateStarted, ParallelStateStarted) at the point AWS does. */
  started: (length: number) => void,
  /** The items a Map's ItemReader read, which take the place of the items in its input. */
  read?: unknown[],
): Promise<ChildPlan> {
  if (state.type === 'Parallel') {
    const input = await flow.taskInput(state, scope);
    const items = state.branches.map(() => input);
    started(items.length);
    return { items, group: newGroup('parallel', input, items, 0, { count: 0, percentage: 0, thresholdError: false }) };
  }
  const effective = state.io.ql === 'JSONPath' ? flow.effectiveInput(state.io, scope) : scope.input;
  const raw = read ?? (await flow.items(state, scope, effective));
  let items: unknown[] = raw;
  if (state.itemSelector) {
    const selector = state.itemSelector;
    items = [];
    for (let i = 0; i < raw.length; i++) {
      items.push(await flow.evaluateAt(state, selector, itemScope({ Index: i, Value: raw[i] }), effective));
    }
  }
  if (state.itemBatcher) items = await batch(state, flow, scope, effective, items);
  // A Distributed Map has started once its items are read; its limits are the Map Run's settings.
  if (state.mode === 'DISTRIBUTED') started(items.length);
  const maxConcurrency = (await flow.number(state.maxConcurrency, scope)) ?? 0;
  const count = await flow.number(state.toleratedFailureCount, scope);
  const percentage = await flow.number(state.toleratedFailurePercentage, scope);
  if (percentage !== undefined && (percentage < 0 || percentage > 100)) {
    throw new StatesError('States.Runtime', 'ToleratedFailurePercentage must be between 0 and 100.');
  }
  if (count !== undefined && count < 0) {
    throw new StatesError('States.Runtime', 'ToleratedFailureCount cannot be negative.');
  }
  if (state.mode === 'INLINE') started(items.length);
  return {
    items,
    group: newGroup('map', effective, items, Math.max(0, maxConcurrency), {
      count: count ?? 0,
      percentage: percentage ?? 0,
      thresholdError: state.mode === 'DISTRIBUTED' || count !== undefined || percentage !== undefined,
    }),
  };
}

async function batch(state: MapState, flow: DataFlow, scope: Scope, effective: unknown, items: unknown[]): Promise<unknown[]> {
  const batcher = state.itemBatcher!;
  const maxItems = (await flow.number(batcher.maxItemsPerBatch, scope)) ?? Infinity;
  const maxBytes = (await flow.number(batcher.maxInputBytesPerBatch, scope)) ?? 256 * 1024;
  const batchInput = batcher.batchInput ? await flow.evaluateAt(state, batcher.batchInput, scope, effective) : undefined;
  const batches: unknown[] = [];
  let current: unknown[] = [];
  let bytes = 0;
  for (const item of items) {
    const size = JSON.stringify(item).length;
    if (current.length > 0 && (current.length >= maxItems || bytes + size > maxBytes)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += size;
  }
  if (current.length > 0) batches.push(current);
  return batches.map((b) => (batchInput === undefined ? { Items: b } : { BatchInput: batchInput, Items: b }));
}

function newGroup(
  kind: ChildGroup['kind'],
  input: unknown,
  items: unknown[],
  maxConcurrency: number,
  tolerance: { count: number; percentage: number; thresholdError: boolean },
): ChildGroup {
  return {
    kind,
    input,
    items,
    nextIndex: 0,
    results: new Array(items.length),
    running: 0,
    completed: 0,
    failed: 0,
    maxConcurrency,
    toleratedFailureCount: tolerance.count,
    toleratedFailurePercentage: tolerance.percentage,
    thresholdError: tolerance.thresholdError,
    live: [],
  };
}
