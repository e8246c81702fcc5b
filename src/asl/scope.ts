/**
 * What an expression can see while a state runs. The engine builds it; `asl/` only reads it.
 * Randomness comes in through `env` so that evaluation stays pure and replayable.
 */
export interface Scope {
  /** `$` in JSONPath, `$states.input` in JSONata. */
  input: unknown;
  /** `$$` in JSONPath, `$states.context` in JSONata. */
  context: unknown;
  /** Workflow variables visible to the state (`$name`). */
  variables: Record<string, unknown>;
  env: EvalEnv;
  /** The same scope with `$` bound to `input`; lets a scope keep expensive parts (the context) lazy. */
  withInput?(input: unknown): Scope;
}

/** Rebinds `$` (ResultSelector's `$` is the result, OutputPath's the output, …). */
export function scopeWithInput(scope: Scope, input: unknown): Scope {
  if (scope.withInput) return scope.withInput(input);
  return { input, context: scope.context, variables: scope.variables, env: scope.env };
}

export interface EvalEnv {
  uuid(): string;
  /** A float in [0, 1). */
  random(): number;
}
