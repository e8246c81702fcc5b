/**
 * The TestState API call: the checks AWS makes on a request before it runs the state
 * (`ValidationException`, `InvalidDefinition`, `InvalidExecutionInput`), then the run itself.
 */
import { randomUUID } from 'node:crypto';
import type { EngineEnv } from '../engine/types.js';
import { invalidDefinitionMessage, validateDefinition, validateStateDefinition } from '../asl/validate.js';
import { hasErrors } from '../asl/diagnostics.js';
import { parseJsonDocument } from '../asl/json-parse.js';
import {
  locateState,
  parseDefinition,
  STATE_NOT_FOUND,
  testState,
  TestStateRejected,
  type LocatedState,
  type TestStateOptions,
  type TestStateRequest,
  type TestStateResponse,
} from '../engine/test-state.js';
import { checkMockResult } from '../integrations/models/check-mock-result.js';
import { checkShape, validationException, type Shape } from './constraints.js';
import { checkRoleArn } from './arn.js';
import { ServiceError } from './errors.js';
import { parseExecutionInput } from './validation.js';

const MAX_PAYLOAD = 262144;
const MAX_INT = 2147483647;

/** AWS's API model for TestStateInput; nested members are named as AWS names them (`mock.result`). */
const SHAPE: Shape = {
  definition: { required: true, length: [1, 1048576], sensitive: true },
  roleArn: { length: [1, 256] },
  input: { length: [0, MAX_PAYLOAD], sensitive: true },
  inspectionLevel: { values: ['INFO', 'DEBUG', 'TRACE'] },
  variables: { length: [0, MAX_PAYLOAD], sensitive: true },
  stateName: { length: [1, 80], sensitive: true },
  context: { length: [0, MAX_PAYLOAD], sensitive: true },
  'mock.result': { length: [0, MAX_PAYLOAD], sensitive: true },
  'mock.fieldValidationMode': { values: ['STRICT', 'PRESENT', 'NONE'] },
  'mock.errorOutput.error': { length: [0, 256], sensitive: true },
  'mock.errorOutput.cause': { length: [0, 32768], sensitive: true },
  'stateConfiguration.retrierRetryCount': { range: [0, MAX_INT] },
  'stateConfiguration.mapIterationFailureCount': { range: [0, MAX_INT] },
  'stateConfiguration.errorCausedByState': { length: [1, 80], sensitive: true },
  'stateConfiguration.mapItemReaderData': { length: [0, MAX_PAYLOAD], sensitive: true },
};

const STRING_FIELDS = ['definition', 'roleArn', 'input', 'inspectionLevel', 'variables', 'stateName', 'context'];

/** The top-level fields a TestState `context` may set. */
const CONTEXT_FIELDS = new Set(['Execution', 'State', 'StateMachine', 'Task', 'Map']);

const MAP_OR_PARALLEL_UNMOCKED =
  'TestState API does not support Map or Parallel states. Supported state types include: [Task, Wait, Pass, Succeed, Fail, Choice]';

/** Types whose work a mock can stand for. */
const MOCKABLE = new Set(['Task', 'Map', 'Parallel']);

export async function testStateAction(
  request: unknown,
  options: Partial<TestStateOptions> = {},
): Promise<TestStateResponse> {
  const req = checkRequest(request);
  if (req.roleArn !== undefined) checkRoleArn(req.roleArn);
  const located = checkDefinition(req);
  await checkMock(req, located);
  checkContext(req);
  if (req.roleArn === undefined && req.mock === undefined && located.raw.Type === 'Task') {
    throw validationException('RoleArn must be specified when testing a Task state');
  }
  parseExecutionInput(req.input);
  if (req.variables !== undefined && !isObject(parseJson(req.variables, 'Variables must be a JSON object'))) {
    throw validationException('Variables must be a JSON object');
  }
  try {
    return await testState(req, { ...options, env: options.env ?? systemEnv() });
  } catch (e) {
    if (e instanceof TestStateRejected) throw new ServiceError(e.type, e.message);
    throw e;
  }
}

function checkRequest(request: unknown): TestStateRequest {
  if (!isObject(request)) throw new ServiceError('SerializationException', 'Start of structure or map found where not expected.');
  for (const field of STRING_FIELDS) {
    if (request[field] !== undefined && request[field] !== null && typeof request[field] !== 'string') {
      throw new ServiceError('SerializationException', `STRING_VALUE can not be converted to a ${field}`);
    }
  }
  const mock = request.mock as { result?: unknown; fieldValidationMode?: unknown; errorOutput?: Record<string, unknown> } | undefined;
  const config = request.stateConfiguration as Record<string, unknown> | undefined;
  checkShape(
    {
      ...request,
      'mock.result': mock?.result,
      'mock.fieldValidationMode': mock?.fieldValidationMode,
      'mock.errorOutput.error': mock?.errorOutput?.error,
      'mock.errorOutput.cause': mock?.errorOutput?.cause,
      ...Object.fromEntries(Object.entries(config ?? {}).map(([k, v]) => [`stateConfiguration.${k}`, v])),
    },
    SHAPE,
  );
  return request as unknown as TestStateRequest;
}

/** The definition must be valid ASL (a state, or a state machine when a state is named) and hold the named state. */
function checkDefinition(req: TestStateRequest): LocatedState {
  const text = req.definition as string;
  const diagnostics = req.stateName === undefined ? validateStateDefinition(text) : validateDefinition(text);
  if (hasErrors(diagnostics)) throw new ServiceError('InvalidDefinition', invalidDefinitionMessage(diagnostics));
  const located = locateState(parseDefinition(text), req.stateName);
  if (!located) throw validationException(STATE_NOT_FOUND);
  return located;
}

async function checkMock(req: TestStateRequest, located: LocatedState): Promise<void> {
  const type = located.raw.Type;
  const mock = req.mock;
  if (!mock) {
    if (type === 'Map' || type === 'Parallel') throw new ServiceError('InvalidDefinition', MAP_OR_PARALLEL_UNMOCKED);
    return;
  }
  if (!MOCKABLE.has(type)) throw validationException(`State type '${type}' is not supported when a mock is specified`);
  if (req.revealSecrets) throw validationException('TestState does not support RevealSecrets when a mock is specified.');
  if (mock.result !== undefined && mock.errorOutput !== undefined) {
    throw validationException('A test mock should have only one of the following fields: [result, errorOutput].');
  }
  if (mock.result === undefined) {
    if (mock.errorOutput === undefined) throw validationException('A test mock should have one of the following fields: [result, errorOutput].');
    return;
  }
  const result = parseJson(mock.result, 'Mocked result must be valid JSON');
  if (type === 'Map') {
    if (located.raw.ResultWriter !== undefined) {
      if (!isObject(result)) throw validationException('Mocked result must be a JSON object.');
    } else if (!Array.isArray(result)) throw validationException('Mocked result must be an array.');
  }
  if (type === 'Parallel') {
    if (!Array.isArray(result)) throw validationException('Mocked result must be an array.');
    if (result.length !== (located.raw.Branches as unknown[]).length) {
      throw validationException('Mocked result must contain the same number of items as number of Parallel branches.');
    }
  }
  if (type === 'Task') {
    // A mocked Task result must look like what its API returns (fieldValidationMode, STRICT by default).
    const problem = await checkMockResult(located.raw.Resource as string, result, mock.fieldValidationMode ?? 'STRICT');
    if (problem) throw validationException(problem);
  }
}

/** A context object may only accompany a mock, and may only set the fields of AWS's context object. */
function checkContext(req: TestStateRequest): void {
  if (req.context === undefined) return;
  const notAnObject = 'Invalid Context object provided: the context must be a JSON object';
  const context = parseJson(req.context, notAnObject);
  if (!isObject(context)) throw validationException(notAnObject);
  for (const field of Object.keys(context)) {
    if (!CONTEXT_FIELDS.has(field)) throw validationException(`Invalid Context object provided: Field '${field}' is not allowed`);
  }
  if (!req.mock) throw validationException('A context object can only be specified when a mock is specified.');
}

/** JSON text of the request, refused with `message` when it does not parse (or nests past Jackson's limit). */
function parseJson(text: string, message: string): unknown {
  const parsed = parseJsonDocument(text);
  if (!parsed.ok) throw validationException(message);
  return parsed.value;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function systemEnv(): EngineEnv {
  return { now: Date.now(), uuid: () => randomUUID(), random: Math.random };
}
