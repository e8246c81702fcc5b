/**
 * What definition validation reports, in the shapes AWS uses: the diagnostics of
 * ValidateStateMachineDefinition, and the `InvalidDefinition` message of CreateStateMachine.
 */

export type Severity = 'ERROR' | 'WARNING';

export interface Diagnostic {
  severity: Severity;
  code: string;
  message: string;
  /** A JSON pointer into the definition (`/States/Foo/Next`); AWS omits it for some whole-document problems. */
  location?: string;
}

export const DiagnosticCode = {
  InvalidJson: 'INVALID_JSON_DESCRIPTION',
  Schema: 'SCHEMA_VALIDATION_FAILED',
  MissingTransitionTarget: 'MISSING_TRANSITION_TARGET',
  MissingEndState: 'MISSING_END_STATE',
  DuplicateStateName: 'DUPLICATE_STATE_NAME',
  InvalidStateName: 'INVALID_STATE_NAME',
} as const;

export const errorDiagnostic = (code: string, message: string, location?: string): Diagnostic =>
  location === undefined ? { severity: 'ERROR', code, message } : { severity: 'ERROR', code, message, location };

export const hasErrors = (diags: readonly Diagnostic[]): boolean => diags.some((d) => d.severity === 'ERROR');

/** The `result` of ValidateStateMachineDefinition: warnings alone do not fail a definition. */
export const validationResult = (diags: readonly Diagnostic[]): 'OK' | 'FAIL' => (hasErrors(diags) ? 'FAIL' : 'OK');

/**
 * AWS renders each error as `CODE: message at location` and joins them with ", " inside one quoted
 * string, e.g. `Invalid State Machine Definition: 'MISSING_TRANSITION_TARGET: Missing 'Next' target: b
 * at /States/a/Next, MISSING_TRANSITION_TARGET: State "c" is not reachable. at /States/c'`.
 * A JSON syntax error already carries its own `at [Source: …]`, so only pointers are appended.
 */
export function invalidDefinitionMessage(diags: readonly Diagnostic[]): string {
  const parts = diags
    .filter((d) => d.severity === 'ERROR')
    .map((d) => (d.location?.startsWith('/') ? `${d.code}: ${d.message} at ${d.location}` : `${d.code}: ${d.message}`));
  return `Invalid State Machine Definition: '${parts.join(', ')}'`;
}

/** Thrown by callers that need a definition to be valid (CreateStateMachine, the CLI). */
export class InvalidDefinitionError extends Error {
  readonly code = 'InvalidDefinition';

  constructor(readonly diagnostics: readonly Diagnostic[]) {
    super(invalidDefinitionMessage(diagnostics));
    this.name = 'InvalidDefinitionError';
  }
}
