/**
 * Static validation of an Amazon States Language definition, as AWS does it in
 * CreateStateMachine / UpdateStateMachine (`InvalidDefinition`) and ValidateStateMachineDefinition
 * (a list of diagnostics). Pure: text or object in, diagnostics out.
 */
import type { QueryLanguage } from './definition.js';
import { DiagnosticCode, errorDiagnostic, type Diagnostic } from './diagnostics.js';
import { parseJsonDocument, type DuplicateKey } from './json-parse.js';
import { MACHINE_FIELDS } from './state-schema.js';
import { has, isObject, type MachineKind, type Scope, ValidationContext } from './validate-context.js';
import { checkFields } from './validate-fields.js';
import { checkState, type Transition } from './validate-state.js';

export { invalidDefinitionMessage, InvalidDefinitionError, validationResult, type Diagnostic } from './diagnostics.js';

export interface ValidateOptions {
  type?: 'STANDARD' | 'EXPRESS';
}

export interface ValidateStateOptions extends ValidateOptions {
  /** The query language the state inherits when it names none. */
  queryLanguage?: QueryLanguage;
}

const NOT_AN_OBJECT = 'Definition must be a valid JSON object';

/** Every problem AWS would report for `source` (definition text, or an already parsed object). */
export function validateDefinition(source: string | object, opts: ValidateOptions = {}): Diagnostic[] {
  const parsed = parseSource(source);
  if ('diagnostic' in parsed) return [parsed.diagnostic];
  const ctx = new ValidationContext(checkMachine);
  reportDuplicates(ctx, parsed.duplicates);
  const express = opts.type === 'EXPRESS';
  checkMachine(ctx, parsed.value, '', 'root', { ql: 'JSONPath', express });
  return ctx.diagnostics;
}

/** One state on its own, as the TestState API receives it; its transitions cannot be followed. */
export function validateStateDefinition(source: string | object, opts: ValidateStateOptions = {}): Diagnostic[] {
  const parsed = parseSource(source);
  if ('diagnostic' in parsed) return [parsed.diagnostic];
  const ctx = new ValidationContext(checkMachine);
  reportDuplicates(ctx, parsed.duplicates);
  checkState(ctx, '', parsed.value, '', { ql: opts.queryLanguage ?? 'JSONPath', express: opts.type === 'EXPRESS' });
  return ctx.diagnostics;
}

type Parsed = { value: Record<string, unknown>; duplicates: DuplicateKey[] } | { diagnostic: Diagnostic };

function parseSource(source: string | object): Parsed {
  if (typeof source !== 'string') {
    return isObject(source) ? { value: source, duplicates: [] } : { diagnostic: errorDiagnostic(DiagnosticCode.Schema, NOT_AN_OBJECT) };
  }
  if (source.trim() === '') return { diagnostic: errorDiagnostic(DiagnosticCode.Schema, NOT_AN_OBJECT) };
  const result = parseJsonDocument(source);
  if (!result.ok) return { diagnostic: errorDiagnostic(DiagnosticCode.InvalidJson, result.error.message, result.error.location) };
  if (!isObject(result.value)) return { diagnostic: errorDiagnostic(DiagnosticCode.Schema, NOT_AN_OBJECT) };
  return { value: result.value, duplicates: result.duplicates };
}

/** A key repeated in a `States` object names a state twice; anywhere else it is a JSON error. */
function reportDuplicates(ctx: ValidationContext, duplicates: readonly DuplicateKey[]): void {
  for (const { parent, key } of duplicates) {
    if (parent.endsWith('/States')) ctx.report(DiagnosticCode.DuplicateStateName, `Duplicate State name: ${key}`, `${parent}/${key}`);
    else ctx.report(DiagnosticCode.InvalidJson, `Duplicate field '${key}'`, `${parent}/${key}`);
  }
}

function checkMachine(ctx: ValidationContext, value: unknown, location: string, kind: MachineKind, inherited: Scope): void {
  if (!isObject(value)) {
    const slash = location.lastIndexOf('/');
    return ctx.badValue(location.slice(slash + 1), 'an OBJECT', location.slice(0, slash));
  }
  const ql: QueryLanguage = value.QueryLanguage === 'JSONata' || value.QueryLanguage === 'JSONPath' ? value.QueryLanguage : inherited.ql;
  const scope: Scope = { ql, express: expressInside(value, inherited.express) };
  checkFields(ctx, value, location, MACHINE_FIELDS[kind], scope);
  // AWS lists the missing fields in this order.
  ctx.required(['States', 'StartAt'].filter((f) => !has(value, f)), location);
  const { States: states, StartAt: startAt } = value;
  if (!isObject(states)) return;

  const names = ctx.stateNames;
  const transitions: Transition[] = [];
  if (typeof startAt === 'string') transitions.push({ target: startAt, field: 'StartAt', location: `${location}/StartAt` });
  const edges = new Map<string, string[]>();
  let terminal = false;
  for (const [name, state] of Object.entries(states)) {
    const at = `${location}/States/${name}`;
    if (names.has(name)) ctx.report(DiagnosticCode.DuplicateStateName, `Duplicate State name: ${name}`, at);
    names.add(name);
    const summary = checkState(ctx, name, state, at, scope);
    transitions.push(...summary.transitions);
    edges.set(name, summary.transitions.map((t) => t.target));
    terminal ||= summary.terminal;
  }
  checkGraph(ctx, location, typeof startAt === 'string' ? startAt : undefined, edges, transitions);
  if (!terminal && edges.size > 0) ctx.report(DiagnosticCode.MissingEndState, 'Workflow has no terminal state', location);
}

/** The children of an Express Distributed Map run as Express workflows, whatever the parent is. */
function expressInside(machine: Record<string, unknown>, inherited: boolean): boolean {
  const config = machine.ProcessorConfig;
  if (!isObject(config) || config.Mode !== 'DISTRIBUTED') return inherited;
  return config.ExecutionType === 'EXPRESS';
}

function checkGraph(
  ctx: ValidationContext,
  location: string,
  startAt: string | undefined,
  edges: ReadonlyMap<string, readonly string[]>,
  transitions: readonly Transition[],
): void {
  for (const t of transitions) {
    if (!edges.has(t.target)) ctx.report(DiagnosticCode.MissingTransitionTarget, `Missing '${t.field}' target: ${t.target}`, t.location);
  }
  if (startAt === undefined || !edges.has(startAt)) return;
  const reached = new Set<string>([startAt]);
  const queue = [startAt];
  for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
    for (const next of edges.get(name) ?? []) {
      if (edges.has(next) && !reached.has(next)) {
        reached.add(next);
        queue.push(next);
      }
    }
  }
  for (const name of edges.keys()) {
    if (!reached.has(name)) {
      ctx.report(DiagnosticCode.MissingTransitionTarget, `State "${name}" is not reachable.`, `${location}/States/${name}`);
    }
  }
}
