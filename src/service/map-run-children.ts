/**
 * A Distributed Map's child executions as the API shows them: listed by Map Run, and described
 * with the Map Run's state machine (`…:stateMachine:<name>/<label>`), whose definition is the
 * Map's item processor. A child's row keeps its parent's configuration; what is the child's own
 * is read from it here.
 */
import type { ExecutionRecord } from '../store/store.js';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The label a Map Run's state machine ARN ends with: `…:stateMachine:<name>/<label>`. */
export function labelOf(child: ExecutionRecord): string {
  return child.stateMachineArn.slice(child.stateMachineArn.lastIndexOf('/') + 1);
}

/** The Map state of `definition` (at any depth) whose label, or name when it has none, is `label`. */
export function mapStateLabelled(definition: string, label: string): Json | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(definition);
  } catch {
    return undefined;
  }
  const search = (machine: unknown): Json | undefined => {
    if (!isObject(machine) || !isObject(machine.States)) return undefined;
    for (const [name, state] of Object.entries(machine.States)) {
      if (!isObject(state)) continue;
      if (state.Type === 'Map' && (state.Label ?? name) === label) return state;
      const inner = [state.ItemProcessor, state.Iterator, ...(Array.isArray(state.Branches) ? state.Branches : [])];
      for (const m of inner) {
        const found = search(m);
        if (found) return found;
      }
    }
    return undefined;
  };
  return search(parsed);
}

/** The definition a child execution runs: its Map's item processor, without the processor's configuration. */
export function childDefinition(child: ExecutionRecord): string {
  const map = mapStateLabelled(child.machine.definition, labelOf(child));
  const processor = map?.ItemProcessor ?? map?.Iterator;
  if (!isObject(processor)) return child.machine.definition;
  const { ProcessorConfig: _config, ...definition } = processor;
  return JSON.stringify(definition);
}

/**
 * How many items each child of the Map Run processed: one, or a batch's (ItemBatcher), whose
 * input holds them in `Items`.
 */
export function itemCounter(child: ExecutionRecord): (e: ExecutionRecord) => number {
  const batched = mapStateLabelled(child.machine.definition, labelOf(child))?.ItemBatcher !== undefined;
  if (!batched) return () => 1;
  return (e) => {
    const input = JSON.parse(e.input) as unknown;
    return isObject(input) && Array.isArray(input.Items) ? input.Items.length : 1;
  };
}
