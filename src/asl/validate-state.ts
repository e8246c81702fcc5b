/** One state: its type, its fields for its query language, and the transitions it declares. */
import type { QueryLanguage, StateType } from './definition.js';
import { DiagnosticCode } from './diagnostics.js';
import {
  EXCLUSIVE_FIELDS,
  FLOW_TYPES,
  ONE_OF_REQUIRED,
  REQUIRED_FIELDS,
  STATE_FIELDS,
  STATE_TYPES,
  TERMINAL_TYPES,
} from './state-schema.js';
import { has, isObject, type Scope, ValidationContext } from './validate-context.js';
import { checkExclusive, checkFields } from './validate-fields.js';

/** A transition a state declares, checked once its whole scope is known. */
export interface Transition {
  readonly target: string;
  /** The field naming the target (`Next`, `Default`, `StartAt`), as AWS quotes it. */
  readonly field: string;
  readonly location: string;
}

export interface StateSummary {
  readonly transitions: Transition[];
  /** Ends its branch (`End: true`, Succeed, Fail), or is already reported as broken. */
  readonly terminal: boolean;
}

const MAX_STATE_NAME = 80;

const isStateType = (t: unknown): t is StateType => typeof t === 'string' && (STATE_TYPES as string[]).includes(t);

const queryLanguageOf = (raw: Record<string, unknown>, inherited: QueryLanguage): QueryLanguage =>
  raw.QueryLanguage === 'JSONata' || raw.QueryLanguage === 'JSONPath' ? raw.QueryLanguage : inherited;

export function checkState(ctx: ValidationContext, name: string, raw: unknown, location: string, inherited: Scope): StateSummary {
  // A state too broken to read is reported as such; it does not also make the workflow endless.
  const summary: StateSummary = { transitions: [], terminal: true };
  if ([...name].length > MAX_STATE_NAME) {
    ctx.report(DiagnosticCode.InvalidStateName, `State name '${name}' exceeds the maximum length of ${MAX_STATE_NAME} characters`, location);
  }
  if (!isObject(raw)) {
    ctx.badValue(name, 'an OBJECT', location.slice(0, location.lastIndexOf('/')));
    return summary;
  }
  if (!has(raw, 'Type')) {
    ctx.required(['Type'], location);
    return summary;
  }
  const type = raw.Type;
  if (!isStateType(type)) {
    ctx.badValue('Type', `one of [${STATE_TYPES.join(', ')}]`, location);
    return summary;
  }
  const scope: Scope = { ...inherited, ql: queryLanguageOf(raw, inherited.ql) };
  checkFields(ctx, raw, location, STATE_FIELDS[type], scope);
  ctx.required(REQUIRED_FIELDS[type].filter((f) => !has(raw, f)), location);
  for (const group of EXCLUSIVE_FIELDS[type] ?? []) checkExclusive(ctx, raw, location, group);
  for (const group of ONE_OF_REQUIRED[type] ?? []) {
    if (!group.some((f) => has(raw, f))) ctx.schema(`Exactly one of the fields [${group.join(', ')}] is required`, location);
  }
  checkTimeouts(ctx, raw, location);
  // Likewise a state with neither Next nor End.
  const terminal = TERMINAL_TYPES.has(type) || raw.End === true || (FLOW_TYPES.has(type) && !has(raw, 'Next'));
  return { transitions: transitionsOf(ctx, type, raw, location), terminal };
}

function transitionsOf(ctx: ValidationContext, type: StateType, raw: Record<string, unknown>, location: string): Transition[] {
  const out: Transition[] = [];
  const add = (target: unknown, field: string, at: string): void => {
    if (typeof target === 'string') out.push({ target, field, location: at });
  };
  if (FLOW_TYPES.has(type)) {
    const ends = raw.End === true;
    if (ends && has(raw, 'Next')) ctx.schema('The fields [Next, End] are mutually exclusive', location);
    else if (!ends && !has(raw, 'Next')) ctx.schema('Exactly one of the fields [Next, End] is required', location);
  }
  const handlers = (field: string): void => {
    const list = raw[field];
    if (Array.isArray(list)) list.forEach((h, i) => isObject(h) && add(h.Next, 'Next', `${location}/${field}/${i}/Next`));
  };
  add(raw.Next, 'Next', `${location}/Next`);
  handlers('Choices');
  add(raw.Default, 'Default', `${location}/Default`);
  handlers('Catch');
  return out;
}

/** A heartbeat only makes sense inside the task's timeout. */
function checkTimeouts(ctx: ValidationContext, raw: Record<string, unknown>, location: string): void {
  const { TimeoutSeconds, HeartbeatSeconds } = raw;
  if (typeof TimeoutSeconds === 'number' && typeof HeartbeatSeconds === 'number' && HeartbeatSeconds >= TimeoutSeconds) {
    ctx.schema('HeartbeatSeconds must be smaller than TimeoutSeconds', location);
  }
}
