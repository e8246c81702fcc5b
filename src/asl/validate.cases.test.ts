/**
 * The validator against every case recorded from AWS: definitions AWS rejected must be rejected
 * with AWS's words, and every definition AWS ran must pass without an error.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { invalidDefinitionMessage, validateDefinition, validateStateDefinition, validationResult } from './validate.js';
import { loadCases } from '../conformance/cases-file.js';

interface Case {
  id: string;
  kind: 'execution' | 'test_state' | 'api_error' | 'validate_definition';
  operation?: string;
  definition?: unknown;
  request?: { type?: 'STANDARD' | 'EXPRESS' };
  state_machine?: { type?: 'STANDARD' | 'EXPRESS' };
  expected: { error_code?: string | null; message?: string | null; result?: string; diagnostics?: unknown[]; status?: string };
}

const cases = loadCases() as unknown as Case[];

const DEFINITION_OPERATIONS = new Set(['create_state_machine', 'update_state_machine']);

/** Why an `api_error` case is not the validator's business, or undefined when it is. */
function skipReason(c: Case): string | undefined {
  if (c.expected.error_code !== 'InvalidDefinition') return `${c.expected.error_code ?? 'client-side'} error from ${c.operation}: not about the definition`;
  if (!DEFINITION_OPERATIONS.has(c.operation ?? '')) return `InvalidDefinition from ${c.operation}: an API-level rule, not the ASL schema`;
  return undefined;
}

// The recordings replace `arn:aws:` with a partition placeholder.
const unplaceholder = (s: string): string => s.replace(/arn:<partition>:/g, 'arn:aws:');
const sortKeys = (d: object): Record<string, unknown> => Object.fromEntries(Object.entries(d).sort(([a], [b]) => a.localeCompare(b)));
const errorsOf = (diags: ReturnType<typeof validateDefinition>) => diags.filter((d) => d.severity === 'ERROR');
const shortId = (id: string): string => id.replace(/^tests\/aws\/services\/stepfunctions\/v2\//, '');

test('the conformance cases are present', () => {
  assert.ok(cases.length > 0);
});

for (const c of cases.filter((c) => c.kind === 'api_error')) {
  const reason = skipReason(c);
  test(`rejects like AWS: ${shortId(c.id)}`, { skip: reason }, () => {
    const diags = validateDefinition(c.definition as object, { type: c.request?.type });
    assert.equal(invalidDefinitionMessage(diags), unplaceholder(c.expected.message ?? ''));
  });
}

for (const c of cases.filter((c) => c.kind === 'validate_definition')) {
  test(`validates like AWS: ${shortId(c.id)}`, () => {
    const diags = validateDefinition(c.definition as string | object, { type: c.request?.type });
    assert.equal(validationResult(diags), c.expected.result);
    assert.deepEqual(diags.map(sortKeys), (c.expected.diagnostics as object[]).map(sortKeys));
  });
}

for (const c of cases.filter((c) => c.kind === 'execution' || c.kind === 'test_state')) {
  const definition = c.definition;
  const skip = typeof definition !== 'object' || definition === null ? 'the recording has no definition' : undefined;
  test(`accepts what AWS ran: ${shortId(c.id)}`, { skip }, () => {
    const def = definition as Record<string, unknown>;
    // TestState receives either a single state or a whole machine with a state name.
    const diags = c.kind === 'test_state' && 'Type' in def
      ? validateStateDefinition(def)
      : validateDefinition(def, { type: c.state_machine?.type });
    assert.deepEqual(errorsOf(diags), []);
  });
}
