/**
 * The designer's edits to an ASL definition, as pure functions from one definition to the next:
 * add a state, connect two, rename, delete, replace one. A state may sit at the top level or
 * inside a Parallel branch or Map processor; each edit works within the machine that holds it.
 */

type Obj = Record<string, unknown>;
export interface Machine {
  StartAt?: string;
  States: Record<string, Obj>;
  [key: string]: unknown;
}

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const clone = <T>(v: T): T => structuredClone(v);

export const STATE_TYPES = ['Task', 'Pass', 'Wait', 'Choice', 'Parallel', 'Map', 'Succeed', 'Fail'] as const;
export type StateType = (typeof STATE_TYPES)[number];

/** A new, valid-as-possible state of each type, ending the machine until connected onwards. */
export function stateTemplate(type: StateType, uniqueName: (base: string) => string): Obj {
  switch (type) {
    case 'Task':
      return { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: 'my-function', 'Payload.$': '$' }, OutputPath: '$.Payload', End: true };
    case 'Pass':
      return { Type: 'Pass', End: true };
    case 'Wait':
      return { Type: 'Wait', Seconds: 5, End: true };
    case 'Choice':
      return { Type: 'Choice', Choices: [] };
    case 'Parallel': {
      const a = uniqueName('Branch1Step');
      const b = uniqueName(a === 'Branch1Step' ? 'Branch2Step' : `${a}B`);
      return { Type: 'Parallel', Branches: [a, b].map((n) => ({ StartAt: n, States: { [n]: { Type: 'Pass', End: true } } })), End: true };
    }
    case 'Map': {
      const n = uniqueName('ProcessItem');
      return { Type: 'Map', ItemProcessor: { ProcessorConfig: { Mode: 'INLINE' }, StartAt: n, States: { [n]: { Type: 'Pass', End: true } } }, End: true };
    }
    case 'Succeed':
      return { Type: 'Succeed' };
    case 'Fail':
      return { Type: 'Fail', Error: 'Failed', Cause: 'Describe what went wrong' };
  }
}

/** Every machine (the top level, branches, item processors) in a definition. */
function machines(definition: unknown, out: Machine[] = []): Machine[] {
  if (!isObj(definition) || !isObj(definition.States)) return out;
  out.push(definition as Machine);
  for (const state of Object.values(definition.States)) {
    if (!isObj(state)) continue;
    for (const sub of [...(Array.isArray(state.Branches) ? state.Branches : []), state.ItemProcessor, state.Iterator]) machines(sub, out);
  }
  return out;
}

export function allStateNames(definition: unknown): string[] {
  return machines(definition).flatMap((m) => Object.keys(m.States));
}

/** The machine whose `States` hold `name`. */
export function machineOf(definition: unknown, name: string): Machine | undefined {
  return machines(definition).find((m) => Object.hasOwn(m.States, name));
}

/** `Task`, `Task2`, `Task3`…: names are unique across the whole definition, as AWS requires. */
export function uniqueStateName(definition: unknown, base: string, taken: Set<string> = new Set()): string {
  const used = new Set([...allStateNames(definition), ...taken]);
  let name = base;
  for (let n = 2; used.has(name); n++) name = `${base}${n}`;
  taken.add(name);
  return name;
}

export function emptyDefinition(): Machine {
  return { Comment: 'A new state machine', StartAt: undefined, States: {} };
}

export function addState(definition: unknown, type: StateType): { definition: Machine; name: string } {
  const next = (isObj(definition) && isObj(definition.States) ? clone(definition) : emptyDefinition()) as Machine;
  const taken = new Set<string>();
  const name = uniqueStateName(next, type === 'Task' ? 'Task' : type, taken);
  next.States[name] = stateTemplate(type, (base) => uniqueStateName(next, base, taken));
  if (!next.StartAt || !Object.hasOwn(next.States, next.StartAt)) next.StartAt = name;
  return { definition: next, name };
}

/**
 * `from` now leads to `to`: its Next (instead of End), or for a Choice a new rule (or its
 * Default, when it has rules already and no Default). Both must be in the same machine.
 */
export function connect(definition: unknown, from: string, to: string): Machine {
  const next = clone(definition) as Machine;
  const m = machineOf(next, from);
  if (!m || !Object.hasOwn(m.States, to)) throw new Error(`${from} and ${to} are not in the same branch: a state can only lead to a state beside it`);
  const state = m.States[from];
  if (state.Type === 'Succeed' || state.Type === 'Fail') throw new Error(`A ${String(state.Type)} state ends the machine: it has no Next`);
  if (state.Type === 'Choice') {
    const choices = Array.isArray(state.Choices) ? state.Choices : (state.Choices = []);
    if (choices.length > 0 && state.Default === undefined) state.Default = to;
    else choices.push(state.QueryLanguage === 'JSONata' || next.QueryLanguage === 'JSONata' ? { Condition: '{% true %}', Next: to } : { Variable: '$.choice', StringEquals: to, Next: to });
  } else {
    delete state.End;
    state.Next = to;
  }
  return next;
}

/** Renames a state and every reference to it in its machine (StartAt, Next, Default, Choices, Catch). */
export function renameState(definition: unknown, from: string, to: string): Machine {
  if (from === to) return definition as Machine;
  if (!to.trim()) throw new Error('A state needs a name');
  if (to.length > 80) throw new Error('State names are at most 80 characters');
  if (allStateNames(definition).includes(to)) throw new Error(`There is already a state named ${to}`);
  const next = clone(definition) as Machine;
  const m = machineOf(next, from)!;
  m.States = Object.fromEntries(Object.entries(m.States).map(([k, v]) => [k === from ? to : k, v]));
  if (m.StartAt === from) m.StartAt = to;
  for (const state of Object.values(m.States)) retarget(state, from, to);
  return next;
}

function retarget(state: Obj, from: string, to: string | undefined): void {
  const fix = (holder: Obj, key: string) => {
    if (holder[key] !== from) return;
    if (to === undefined) delete holder[key];
    else holder[key] = to;
  };
  fix(state, 'Next');
  fix(state, 'Default');
  if (Array.isArray(state.Choices)) {
    state.Choices.forEach((c) => isObj(c) && fix(c, 'Next'));
    if (to === undefined) state.Choices = state.Choices.filter((c) => isObj(c) && c.Next !== undefined);
  }
  if (Array.isArray(state.Catch)) {
    state.Catch.forEach((c) => isObj(c) && fix(c, 'Next'));
    if (to === undefined) state.Catch = state.Catch.filter((c) => isObj(c) && c.Next !== undefined);
  }
  if (to === undefined && state.Next === undefined && !['Choice', 'Succeed', 'Fail'].includes(String(state.Type))) state.End = true;
}

/** Removes a state; what led to it now ends (or loses that rule or catcher). */
export function deleteState(definition: unknown, name: string): Machine {
  const next = clone(definition) as Machine;
  const m = machineOf(next, name);
  if (!m) return next;
  delete m.States[name];
  for (const state of Object.values(m.States)) retarget(state, name, undefined);
  if (m.StartAt === name) m.StartAt = Object.keys(m.States)[0];
  return next;
}

export function replaceState(definition: unknown, name: string, state: Obj): Machine {
  const next = clone(definition) as Machine;
  const m = machineOf(next, name);
  if (!m) throw new Error(`No state named ${name}`);
  m.States[name] = state;
  return next;
}

/** The state a diagnostic's JSON pointer (`/States/A/Branches/0/States/B/Next`) points into. */
export function stateOfLocation(location: string | undefined): string | undefined {
  if (!location) return undefined;
  const parts = location.split('/').map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  let name: string | undefined;
  for (let i = 0; i < parts.length - 1; i++) if (parts[i] === 'States') name = parts[i + 1];
  return name;
}
