/** Runs one conformance case through Stepwise and shapes the result as score.mjs expects. */
import { loadDefinition } from '../asl/load.js';
import { validateDefinition } from '../asl/validate.js';
import { InvalidDefinitionError, validationResult } from '../asl/diagnostics.js';
import { runExecution } from '../runner/local-runner.js';
import { ServiceError } from '../service/errors.js';
import { testStateAction } from '../service/test-state-action.js';
import { runApiErrorCase } from './api-cases.js';
import { needsOnlyStateMachines, runServiceExecutionCase } from './service-cases.js';
import { runLambdaExecutionCase, runLambdaTestStateCase } from './lambda-cases.js';
import { groupOf, recordedRun, testStateOutcome, type CaseResult, type ConformanceCase } from './case.js';

/** A case that hangs must not stall the whole run. */
const CASE_TIMEOUT_MS = 30_000;

export async function runCase(c: ConformanceCase): Promise<CaseResult> {
  try {
    return await withTimeout(dispatch(c), CASE_TIMEOUT_MS);
  } catch (e) {
    return { id: c.id, skipped: `runner error: ${e instanceof Error ? e.message : String(e)}` };
  }
}

function dispatch(c: ConformanceCase): Promise<CaseResult> | CaseResult {
  switch (c.kind) {
    case 'execution':
      return execution(c);
    case 'validate_definition':
      return validate(c);
    case 'test_state':
      return testStateCase(c);
    case 'api_error':
      return apiError(c);
  }
}

async function execution(c: ConformanceCase): Promise<CaseResult> {
  if (needsOnlyStateMachines(c)) return { id: c.id, ...(await runServiceExecutionCase(c)) };
  if (groupOf(c) === 'lambda') return { id: c.id, ...(await runLambdaExecutionCase(c)) };
  if (groupOf(c) !== 'pure') return { id: c.id, skipped: `needs ${(c.needs ?? []).join(', ')}` };
  let machine;
  try {
    machine = loadDefinition(c.definition as object, { type: c.state_machine?.type });
  } catch (e) {
    if (e instanceof InvalidDefinitionError) return { id: c.id, skipped: `definition rejected: ${e.message}` };
    throw e;
  }
  const r = await runExecution(machine, { ...recordedRun(c), skipWaits: true, history: false });
  return { id: c.id, status: r.status, output: r.output ?? null, error: r.error ?? null, cause: r.cause ?? null };
}

/**
 * The recorded TestState call, whole again. The recordings drop `roleArn`; AWS's tests passed one
 * except when they named a state of a whole state machine (the context then shows `RoleArn: null`).
 */
export function testStateRequest(c: ConformanceCase): Record<string, unknown> {
  const request = recordedTestStateCall(c.test_state_request, c);
  if (!request.stateName) request.roleArn = TEST_ROLE;
  return request;
}

/** A rejected TestState call as sent: its own fields, the case's definition and input. */
export const testStateApiRequest = (c: ConformanceCase): Record<string, unknown> => recordedTestStateCall(c.request, c);

/** A TestState call's recorded fields, with the case's definition and input, which the recording keeps apart. */
function recordedTestStateCall(fields: Record<string, unknown> | undefined, c: ConformanceCase): Record<string, unknown> {
  const request: Record<string, unknown> = { ...fields, definition: JSON.stringify(c.definition) };
  if (c.input !== null && c.input !== undefined) request.input = JSON.stringify(c.input);
  return request;
}

const TEST_ROLE = 'arn:aws:iam::123456789012:role/TestRole';

async function testStateCase(c: ConformanceCase): Promise<CaseResult> {
  if (groupOf(c) === 'lambda') return { id: c.id, ...(await runLambdaTestStateCase(c)) };
  // A mocked Task calls no service: whatever its integration, TestState judges it alone.
  if (groupOf(c) !== 'pure' && !c.test_state_request?.mock) return { id: c.id, skipped: `needs ${(c.needs ?? []).join(', ')}` };
  try {
    return { id: c.id, ...testStateOutcome(await testStateAction(testStateRequest(c))) };
  } catch (e) {
    if (e instanceof ServiceError) return { id: c.id, skipped: `rejected: ${e.type}: ${e.message}` };
    throw e;
  }
}

/** A rejected call: whatever the definition would need to run, the call itself is judged by the API alone. */
async function apiError(c: ConformanceCase): Promise<CaseResult> {
  if (c.operation !== 'test_state') return { id: c.id, ...(await runApiErrorCase(c)) };
  try {
    await testStateAction(testStateApiRequest(c));
    return { id: c.id, ok: true };
  } catch (e) {
    if (e instanceof ServiceError) return { id: c.id, error_code: e.type, message: e.message };
    throw e;
  }
}

function validate(c: ConformanceCase): CaseResult {
  const diagnostics = validateDefinition(
    typeof c.definition === 'string' ? c.definition : JSON.stringify(c.definition),
    { type: (c.request?.type as 'STANDARD' | 'EXPRESS' | undefined) ?? 'STANDARD' },
  );
  return { id: c.id, result: validationResult(diagnostics), diagnostics };
}

function withTimeout<T>(p: Promise<T> | T, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    Promise.resolve(p),
    new Promise<T>((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms))),
  ]).finally(() => clearTimeout(timer));
}
