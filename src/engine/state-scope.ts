/**
 * The scope a state evaluates in. Building the context object costs more than most Pass states
 * do, so it is built on first use only: a state whose fields never read `$$` never pays for it.
 */
import type { CompiledState } from '../asl/compile.js';
import type { EvalEnv, Scope } from '../asl/scope.js';
import { contextObject } from './context-object.js';
import type { Frame } from './types.js';

type MapItem = { Index: number; Value: unknown };

export class StateScope implements Scope {
  private ctx: Record<string, unknown> | undefined;

  constructor(
    readonly input: unknown,
    readonly variables: Record<string, unknown>,
    readonly env: EvalEnv,
    private readonly base: () => Record<string, unknown>,
    private readonly frame: Frame,
    private readonly state: CompiledState,
    private readonly mapItem?: MapItem,
  ) {}

  get context(): Record<string, unknown> {
    return (this.ctx ??= contextObject(this.base(), this.frame, this.state, this.mapItem));
  }

  /** The same scope with `$` bound to another value (ResultSelector's `$` is the result, …). */
  withInput(input: unknown): StateScope {
    const s = new StateScope(input, this.variables, this.env, this.base, this.frame, this.state, this.mapItem);
    s.ctx = this.ctx;
    return s;
  }
}
