/** One AWS-recorded conformance case (see ../shared/conformance/README.md) and the result we write for it. */
export interface ConformanceCase {
  id: string;
  kind: 'execution' | 'test_state' | 'api_error' | 'validate_definition';
  category: string;
  definition: unknown;
  input: unknown;
  needs?: string[];
  features?: string[];
  state_machine?: {
    name?: string;
    type?: 'STANDARD' | 'EXPRESS';
    start_api?: 'start_execution' | 'start_sync_execution';
    execution_name?: string;
  };
  operation?: string;
  request?: Record<string, unknown>;
  test_state_request?: Record<string, unknown>;
  expected: Record<string, unknown>;
}

export type CaseResult = { id: string } & (
  | { status: string; output?: unknown; error?: unknown; cause?: unknown; nextState?: string }
  | { error_code: string | null; message: string }
  | { ok: true }
  | { result: 'OK' | 'FAIL'; diagnostics: unknown[] }
  | { skipped: string }
);

/** The score.mjs groups: `pure` needs nothing, `lambda` only the case's own Python functions. */
export function groupOf(c: ConformanceCase): 'pure' | 'lambda' | 'services' {
  const needs = c.needs ?? [];
  if (needs.length === 0) return 'pure';
  if (needs.every((n) => n.startsWith('lambda:') && n !== 'lambda:unknown')) return 'lambda';
  return 'services';
}

/** How the recording started the case's execution: its input, names, type and start API. */
export function recordedRun(c: ConformanceCase): {
  input: unknown;
  name?: string;
  stateMachineName?: string;
  type: 'STANDARD' | 'EXPRESS';
  sync: boolean;
} {
  return {
    input: c.input ?? {},
    name: c.state_machine?.execution_name ?? undefined,
    stateMachineName: c.state_machine?.name ?? undefined,
    type: c.state_machine?.type ?? 'STANDARD',
    sync: c.state_machine?.start_api === 'start_sync_execution',
  };
}

/** TestState's answer (its output is JSON text) as the scorer reads it. */
export function testStateOutcome(r: { status?: unknown; output?: unknown; error?: unknown; cause?: unknown; nextState?: unknown }) {
  return {
    status: String(r.status),
    output: r.output === undefined ? undefined : JSON.parse(String(r.output)),
    error: r.error,
    cause: r.cause,
    nextState: r.nextState as string | undefined,
  };
}
