/** A scripted stand-in for the engine, so CLI commands can be tested without running one. */
import type { Diagnostic } from '../asl/diagnostics.js';
import type { CliIO, Engine, ExecutionResultLike, HistoryEventLike, RunOptions } from './engine-api.js';

export interface Captured extends CliIO {
  out: string[];
  err: string[];
}

export function captureIO(): Captured {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (s) => out.push(s), stderr: (s) => err.push(s) };
}

export class InvalidDefinition extends Error {
  constructor(readonly diagnostics: Diagnostic[]) {
    super('Invalid State Machine Definition');
  }
}

export interface FakeEngine extends Engine {
  runs: RunOptions[];
  loaded: unknown[];
}

export function fakeEngine(script: { diagnostics?: Diagnostic[]; result?: ExecutionResultLike; events?: HistoryEventLike[] } = {}): FakeEngine {
  const diagnostics = script.diagnostics ?? [];
  const runs: RunOptions[] = [];
  const loaded: unknown[] = [];
  return {
    runs,
    loaded,
    validateDefinition: () => diagnostics,
    loadDefinition(source) {
      if (diagnostics.some((d) => d.severity === 'ERROR')) throw new InvalidDefinition(diagnostics);
      loaded.push(source);
      return { compiled: source };
    },
    async runExecution(_machine, options) {
      runs.push(options);
      for (const event of script.events ?? []) options.onEvent?.(event);
      return script.result ?? { status: 'SUCCEEDED', output: { ok: true }, history: script.events ?? [] };
    },
  };
}
