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
}

export interface EvalEnv {
  uuid(): string;
  /** A float in [0, 1). */
  random(): number;
}
