/** A definition from text or JSON to its compiled form, refusing it with AWS's diagnostics when invalid. */
import { compileMachine, type CompiledMachine } from './compile.js';
import type { RawStateMachine } from './definition.js';
import { hasErrors, InvalidDefinitionError } from './diagnostics.js';
import { validateDefinition } from './validate.js';

export interface LoadOptions {
  /** The state machine's name, as `$$.StateMachine.Name` shows it. */
  name?: string;
  type?: 'STANDARD' | 'EXPRESS';
}

export function loadDefinition(source: string | object, options: LoadOptions = {}): CompiledMachine {
  const diagnostics = validateDefinition(source, { type: options.type });
  if (hasErrors(diagnostics)) throw new InvalidDefinitionError(diagnostics);
  const definition = (typeof source === 'string' ? JSON.parse(source) : source) as RawStateMachine;
  return { ...compileMachine(definition), name: options.name };
}
