/**
 * How data moves through a state, in either query language. JSONPath states run
 * InputPath → Parameters → (work) → ResultSelector → ResultPath → OutputPath; JSONata states run
 * Arguments → (work) → Output. `Assign` sees the values from before this state's assignments.
 */
import type {
  Catcher,
  ChoiceState,
  CompiledState,
  FailState,
  JsonPathIO,
  JsonataIO,
  NumberSource,
  PassState,
  StringSource,
  WaitState,
} from '../asl/compile.js';
import { StatesError } from '../asl/errors.js';
import type { CompiledJsonata, JsonataBindings } from '../asl/jsonata.js';
import type { CompiledPath } from '../asl/jsonpath.js';
import type { CompiledTemplate } from '../asl/payload-template.js';
import { applyInputPath, applyOutputPath, applyResultPath, selectPathOrFail } from '../asl/result-path.js';
import { scopeWithInput, type EvalEnv, type Scope } from '../asl/scope.js';
import { instantToMillis, parseTimestamp } from '../asl/timestamp.js';
import { expectType } from '../asl/jsonata.js';

export interface Produced {
  output: unknown;
  assigned: Record<string, unknown> | undefined;
}

export type Chosen = Produced & { next: string };

export class DataFlow {
  constructor(private readonly env: EvalEnv) {}

  // ---- JSONPath pieces ------------------------------------------------------------------------

  /** InputPath: `$` when absent, `{}` when null. */
  effectiveInput(io: JsonPathIO, scope: Scope): unknown {
    return applyInputPath(io.inputPath, scope);
  }

  private withInput(scope: Scope, input: unknown): Scope {
    return scopeWithInput(scope, input);
  }

  private outputOf(io: JsonPathIO, scope: Scope, rawInput: unknown, result: unknown): unknown {
    return applyOutputPath(io.outputPath, applyResultPath(rawInput, io.resultPath, result), scope);
  }

  private assignJsonPath(io: JsonPathIO, scope: Scope, value: unknown): Record<string, unknown> | undefined {
    return io.assign ? (io.assign.evaluate(this.withInput(scope, value)) as Record<string, unknown>) : undefined;
  }

  // ---- JSONata pieces -------------------------------------------------------------------------

  private bindings(scope: Scope, extra?: { result?: unknown; errorOutput?: unknown }): JsonataBindings {
    return {
      states: { input: scope.input, context: scope.context, ...extra },
      variables: scope.variables,
    };
  }

  private async jsonata(expr: CompiledJsonata | undefined, b: JsonataBindings, fallback: unknown): Promise<unknown> {
    return expr ? expr.evaluate(b, this.env) : fallback;
  }

  /** `Output` (or `fallback` without one) and `Assign`, evaluated side by side against the same bindings. */
  private async produced(
    output: CompiledJsonata | undefined,
    assign: CompiledJsonata | undefined,
    b: JsonataBindings,
    fallback: unknown,
  ): Promise<Produced> {
    const [out, assigned] = await Promise.all([
      this.jsonata(output, b, fallback),
      assign ? assign.evaluate(b, this.env) : undefined,
    ]);
    return { output: out, assigned: assigned as Record<string, unknown> | undefined };
  }

  // ---- per-state flows ------------------------------------------------------------------------

  // JSONPath flows are synchronous so that the engine pays for no promise on them.

  passResult(state: PassState, scope: Scope): Produced | Promise<Produced> {
    const io = state.io;
    if (io.ql === 'JSONata') return this.produced(io.output, io.assign, this.bindings(scope), scope.input);
    const effective = this.effectiveInput(io, scope);
    const result = state.hasResult
      ? state.result
      : io.parameters
        ? io.parameters.evaluate(this.withInput(scope, effective))
        : effective;
    const assigned = this.assignJsonPath(io, scope, result);
    return { output: this.outputOf(io, scope, scope.input, result), assigned };
  }

  /** Wait and Succeed: the (selected) input becomes the output. */
  passThrough(state: CompiledState, scope: Scope): Produced | Promise<Produced> {
    const io = state.io;
    if (io.ql === 'JSONata') return this.produced(io.output, io.assign, this.bindings(scope), scope.input);
    const effective = this.effectiveInput(io, scope);
    return { output: applyOutputPath(io.outputPath, effective, scope), assigned: this.assignJsonPath(io, scope, effective) };
  }

  /** What a Task sends to its resource (and what Parallel/Map hand to their children). */
  taskInput(state: CompiledState, scope: Scope): unknown {
    const io = state.io;
    if (io.ql === 'JSONata') return this.jsonata(io.arguments, this.bindings(scope), scope.input);
    const effective = this.effectiveInput(io, scope);
    return io.parameters ? io.parameters.evaluate(this.withInput(scope, effective)) : effective;
  }

  /** Task, Parallel and Map: the raw result becomes the state's output. */
  resultOutput(state: CompiledState, scope: Scope, result: unknown): Produced | Promise<Produced> {
    const io = state.io;
    if (io.ql === 'JSONata') return this.produced(io.output, io.assign, this.bindings(scope, { result }), result);
    const selected = io.resultSelector ? io.resultSelector.evaluate(this.withInput(scope, result)) : result;
    const assigned = this.assignJsonPath(io, scope, selected);
    return { output: this.outputOf(io, scope, scope.input, selected), assigned };
  }

  caught(state: CompiledState, catcher: Catcher, scope: Scope, errorOutput: { Error: string; Cause?: string }): Produced | Promise<Produced> {
    if (state.io.ql === 'JSONata') {
      return this.produced(catcher.output, catcher.assign as CompiledJsonata | undefined, this.bindings(scope, { errorOutput }), errorOutput);
    }
    const assigned = catcher.assign
      ? ((catcher.assign as CompiledTemplate).evaluate(this.withInput(scope, errorOutput)) as Record<string, unknown>)
      : undefined;
    return { output: applyResultPath(scope.input, catcher.resultPath, errorOutput), assigned };
  }

  choose(state: ChoiceState, scope: Scope): Chosen | undefined | Promise<Chosen | undefined> {
    const io = state.io;
    if (io.ql === 'JSONata') return this.chooseJsonata(state, scope);
    const effective = this.effectiveInput(io, scope);
    const inner = this.withInput(scope, effective);
    const output = applyOutputPath(io.outputPath, effective, scope);
    for (const rule of state.choices) {
      if (!(rule.test as (s: Scope) => boolean)(inner)) continue;
      const assign = rule.assign as CompiledTemplate | undefined;
      return { next: rule.next, output, assigned: assign ? (assign.evaluate(inner) as Record<string, unknown>) : undefined };
    }
    if (state.default === undefined) return undefined;
    return { next: state.default, output, assigned: this.assignJsonPath(io, scope, effective) };
  }

  private async chooseJsonata(state: ChoiceState, scope: Scope): Promise<Chosen | undefined> {
    const io = state.io as JsonataIO;
    const b = this.bindings(scope);
    for (const rule of state.choices) {
        const verdict = await (rule.test as CompiledJsonata).evaluate(b, this.env);
        if (typeof verdict !== 'boolean') {
          throw new StatesError(
            'States.QueryEvaluationError',
            `The Condition field evaluated to a non-boolean value: ${JSON.stringify(verdict)}`,
          );
        }
        if (!verdict) continue;
        const chosen = await this.produced(rule.output ?? io.output, (rule.assign as CompiledJsonata | undefined) ?? io.assign, b, scope.input);
        return { next: rule.next, ...chosen };
      }
      if (state.default === undefined) return undefined;
      return { next: state.default, ...(await this.produced(io.output, io.assign, b, scope.input)) };
  }

  /** Synchronous but for a JSONata expression. */
  number(source: NumberSource | undefined, scope: Scope): number | undefined | Promise<number> {
    if (!source) return undefined;
    switch (source.kind) {
      case 'literal':
        return source.value;
      case 'path': {
        const v = applyInputPath(source.path, scope);
        const kind = source.float ? 'float' : 'integer';
        if (typeof v !== 'number' || (!source.float && !Number.isInteger(v))) {
          const shown = typeof v === 'string' ? v : JSON.stringify(v);
          throw new StatesError('States.Runtime', `The ${source.field} field refers to value "${shown}" which is not a valid ${kind}: ${source.path.text}`);
        }
        return v;
      }
      case 'jsonata':
        return source.expr
          .evaluate(this.bindings(scope), this.env)
          .then((v) => expectType(v, source.float ? 'number' : 'integer', source.expr.expression ?? '', source.field) as number);
    }
  }

  /** Epoch milliseconds when a Wait state is over. */
  async waitUntil(state: WaitState, scope: Scope, now: number): Promise<number> {
    const io = state.io;
    const input = io.ql === 'JSONPath' ? this.withInput(scope, this.effectiveInput(io, scope)) : scope;
    if (state.seconds) {
      if (state.seconds.kind === 'path') {
        const v = state.seconds.path.select(input);
        if (v === undefined) {
          throw new StatesError('States.Runtime', `The SecondsPath parameter does not reference an input value: ${state.seconds.path.text}`);
        }
        if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
          throw new StatesError('States.Runtime', `The SecondsPath parameter cannot be parsed as a long value: ${state.seconds.path.text} == ${typeof v === 'string' ? v : JSON.stringify(v)}`);
        }
        return now + v * 1000;
      }
      return now + ((await this.number(state.seconds, input)) ?? 0) * 1000;
    }
    const ts = state.timestamp;
    if (!ts) return now;
    let text: unknown;
    if (ts.kind === 'literal') text = ts.value;
    else if (ts.kind === 'path') {
      text = ts.path.select(input);
      if (text === undefined) {
        throw new StatesError('States.Runtime', `The TimestampPath parameter does not reference an input value: ${ts.path.text}`);
      }
    } else text = await ts.expr.evaluate(this.bindings(scope), this.env);
    const instant = typeof text === 'string' ? parseTimestamp(text) : undefined;
    if (instant) return instantToMillis(instant);
    if (ts.kind === 'path') {
      throw new StatesError(
        'States.Runtime',
        `The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: ${ts.path.text} == ${String(text)}`,
      );
    }
    throw new StatesError(
      ts.kind === 'jsonata' ? 'States.QueryEvaluationError' : 'States.Runtime',
      `The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format string: ${String(text)}`,
    );
  }

  async failure(state: FailState, scope: Scope): Promise<{ error?: string; cause?: string }> {
    const [error, cause] = await Promise.all([this.string(state.error, scope), this.string(state.cause, scope)]);
    return { error, cause };
  }

  private async string(source: StringSource | undefined, scope: Scope): Promise<string | undefined> {
    if (!source) return undefined;
    switch (source.kind) {
      case 'literal':
        return source.value;
      case 'path': {
        const v = selectPathOrFail(source.path, scope, source.field);
        return typeof v === 'string' ? v : JSON.stringify(v);
      }
      case 'intrinsic': {
        const v = (source.template.evaluate(scope) as { v: unknown }).v;
        return typeof v === 'string' ? v : JSON.stringify(v);
      }
      case 'jsonata': {
        const v = await source.expr.evaluate(this.bindings(scope), this.env);
        return typeof v === 'string' ? v : JSON.stringify(v);
      }
    }
  }

  /** Map: the items to iterate (ItemsPath / Items), before ItemSelector. */
  async items(state: CompiledState & { itemsPath?: CompiledPath; items?: CompiledJsonata }, scope: Scope, effective: unknown): Promise<unknown[]> {
    let items: unknown;
    if (state.io.ql === 'JSONata' && state.items) {
      items = await state.items.evaluate(this.bindings(scope), this.env);
      return expectType(items, 'array', state.items.expression ?? '', 'Items') as unknown[];
    }
    items = state.itemsPath ? applyInputPath(state.itemsPath, this.withInput(scope, effective)) : effective;
    if (Array.isArray(items)) return items;
    if (state.itemsPath) {
      // AWS quotes a context path with a single `$`: `$$.Execution.Input` reads "$.Execution.Input".
      throw new StatesError('States.Runtime', `Reference path "${state.itemsPath.text.replace(/^\$\$/, '$')}" must point to array.`);
    }
    throw new StatesError(
      state.io.ql === 'JSONata' ? 'States.QueryEvaluationError' : 'States.Runtime',
      `Map state input must be an array but was: ${JSON.stringify(items)}`,
    );
  }

  /** Evaluates a template (JSONPath) or expression (JSONata) with `$` bound to `input`. */
  async evaluateAt(state: CompiledState, compiled: CompiledTemplate | CompiledJsonata, scope: Scope, input: unknown): Promise<unknown> {
    if (state.io.ql === 'JSONata') return (compiled as CompiledJsonata).evaluate(this.bindings(this.withInput(scope, input)), this.env);
    return (compiled as CompiledTemplate).evaluate(this.withInput(scope, input));
  }
}

