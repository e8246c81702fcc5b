/** What the definition validator's parts share while they walk one definition. */
import type { QueryLanguage } from './definition.js';
import { DiagnosticCode, errorDiagnostic, type Diagnostic } from './diagnostics.js';

export type MachineKind = 'root' | 'branch' | 'processor';

/** What a state inherits from where it sits. */
export interface Scope {
  readonly ql: QueryLanguage;
  /** Inside an Express workflow (the machine itself, or an Express Distributed Map's children). */
  readonly express: boolean;
}

export class ValidationContext {
  readonly diagnostics: Diagnostic[] = [];
  /** State names are unique across the whole definition, nested branches included. */
  readonly stateNames = new Set<string>();

  constructor(
    /** Validates a nested state machine (Parallel branch, Map processor); set by `validate.ts`. */
    readonly machine: (ctx: ValidationContext, value: unknown, location: string, kind: MachineKind, scope: Scope) => void,
  ) {}

  report(code: string, message: string, location: string): void {
    this.diagnostics.push(errorDiagnostic(code, message, location || '/'));
  }

  schema(message: string, location: string): void {
    this.report(DiagnosticCode.Schema, message, location);
  }

  unsupported(field: string, location: string): void {
    this.schema(`The field "${field}" is not supported by Step Functions`, location);
  }

  /** AWS's wording for a field whose value has the wrong type or form; `location` is the object holding it. */
  badValue(field: string, expected: string, location: string): void {
    this.schema(`The value for the field '${field}' must be ${expected}`, location);
  }

  required(fields: readonly string[], location: string): void {
    if (fields.length > 0) this.schema(`These fields are required: [${fields.join(', ')}]`, location);
  }

  requiredField(field: string, location: string): void {
    this.schema(`The field '${field}' is required but was missing`, location);
  }
}

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export const has = (o: Record<string, unknown>, key: string): boolean => Object.prototype.hasOwnProperty.call(o, key);
